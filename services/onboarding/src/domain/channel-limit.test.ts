import { exceedsChannelLimit } from './channel-limit';

describe('exceedsChannelLimit', () => {
  const existing = [
    { channelId: 'a', status: 'running' },
    { channelId: 'b', status: 'revoked' },
  ];

  it('counts only channels that still occupy a place, and new ones once', () => {
    expect(exceedsChannelLimit(existing, ['c'], 2)).toBe(false);
    expect(exceedsChannelLimit(existing, ['c', 'd'], 2)).toBe(true);
  });

  it('never refuses channels the tenant already has (a repeated grant)', () => {
    expect(exceedsChannelLimit(existing, ['a'], 1)).toBe(false);
  });
});
