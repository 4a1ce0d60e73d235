import { channelStatusRevokesKey } from './channel-key-revocation';

describe('registry statuses that revoke a key', () => {
  it.each([
    ['offboarded', true],
    ['revoked', true],
    ['running', false],
    ['restricted', false],
    ['error', false],
  ])('%s revokes: %s', (status, revokes) => {
    expect(channelStatusRevokesKey(status)).toBe(revokes);
  });
});
