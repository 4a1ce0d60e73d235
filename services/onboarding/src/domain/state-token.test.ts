import { hashStateToken, isWellFormedStateToken, issueStateToken } from './state-token';

describe('state token', () => {
  it('is 32 random bytes in base64url and is stored only as its SHA-256', () => {
    const { token, hash } = issueStateToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(isWellFormedStateToken(token)).toBe(true);
    expect(hash).toBe(hashStateToken(token));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
  });

  it('differs every time', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => issueStateToken().token));
    expect(tokens.size).toBe(100);
  });

  it.each(['', 'short', `${'a'.repeat(43)}=`, `${'a'.repeat(42)}+`, 'a'.repeat(44)])('rejects %j as malformed', (value) => {
    expect(isWellFormedStateToken(value)).toBe(false);
  });
});
