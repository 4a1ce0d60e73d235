import { decodePageToken, encodePageToken } from './page-token';

describe('page tokens', () => {
  it('round-trip the last channel id', () => {
    expect(decodePageToken(encodePageToken('abc123CH'))).toBe('abc123CH');
  });

  it('mean the first page when absent or empty', () => {
    expect(decodePageToken(undefined)).toBeUndefined();
    expect(decodePageToken('')).toBeUndefined();
  });

  it('reject tokens this service did not issue', () => {
    expect(decodePageToken('not-a-token')).toBe('invalid');
    expect(decodePageToken(Buffer.from('v1:').toString('base64url'))).toBe('invalid');
    for (const forged of ['v1:a\u0000b', 'v1:has spaces', `v1:${'x'.repeat(380)}`]) {
      expect(decodePageToken(Buffer.from(forged).toString('base64url'))).toBe('invalid');
    }
    expect(decodePageToken(Buffer.from([0x76, 0x31, 0x3a, 0xff, 0xfe]).toString('base64url'))).toBe('invalid');
  });
});
