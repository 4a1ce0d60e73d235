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
  });
});
