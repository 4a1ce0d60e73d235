import { buildRedirectUrl, formatIdList } from './redirect-url';

const base = { clientId: 'aB3dE5CL', channelIds: ['x1Y2z3CH', 'Q9w8E7CH'], revokedIds: [] };

describe('buildRedirectUrl', () => {
  it('appends client and channels with literal brackets and no quotes', () => {
    expect(buildRedirectUrl({ ...base, redirectUrl: 'https://p.example/cb' })).toBe(
      'https://p.example/cb?client=aB3dE5CL&channels=[x1Y2z3CH,Q9w8E7CH]',
    );
  });

  it('joins with & when the redirect URL already has a query', () => {
    expect(buildRedirectUrl({ ...base, redirectUrl: 'https://p.example/cb?state=abc' })).toBe(
      'https://p.example/cb?state=abc&client=aB3dE5CL&channels=[x1Y2z3CH,Q9w8E7CH]',
    );
  });

  it('does not double a trailing ? or &', () => {
    expect(buildRedirectUrl({ ...base, redirectUrl: 'https://p.example/cb?' })).toBe(
      'https://p.example/cb?client=aB3dE5CL&channels=[x1Y2z3CH,Q9w8E7CH]',
    );
    expect(buildRedirectUrl({ ...base, redirectUrl: 'https://p.example/cb?a=1&' })).toMatch(/\?a=1&client=/);
  });

  it('produces the malformed second-? form when switched on', () => {
    expect(buildRedirectUrl({ ...base, redirectUrl: 'https://p.example/cb?state=X', malformed: true })).toBe(
      'https://p.example/cb?state=X?client=aB3dE5CL&channels=[x1Y2z3CH,Q9w8E7CH]',
    );
  });

  it('adds revoked ids and an encoded state only when given', () => {
    const url = buildRedirectUrl({
      ...base,
      redirectUrl: 'https://p.example/cb',
      channelIds: [],
      revokedIds: ['R1r2R3CH'],
      state: 'a b/c',
    });
    expect(url).toBe('https://p.example/cb?client=aB3dE5CL&channels=[]&revoked=[R1r2R3CH]&state=a%20b%2Fc');
  });

  it('keeps a fragment at the end', () => {
    expect(buildRedirectUrl({ ...base, redirectUrl: 'https://p.example/cb?x=1#top' })).toBe(
      'https://p.example/cb?x=1&client=aB3dE5CL&channels=[x1Y2z3CH,Q9w8E7CH]#top',
    );
  });

  it('formats an empty list as []', () => {
    expect(formatIdList([])).toBe('[]');
  });
});
