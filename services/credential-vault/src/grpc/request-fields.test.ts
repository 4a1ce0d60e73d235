import { VaultError } from '../domain/vault-errors';
import { channelIdIfValid, idIfValid, optionalId, requiredChannelId, requiredHttpUrl, requiredId, requiredSecret, requiredText } from './request-fields';

function messageOf(work: () => unknown): string | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    return error instanceof VaultError && error.code === 'VAULT.INVALID_ARGUMENT' ? error.message : String(error);
  }
}

describe('request fields', () => {
  it('takes ids as they are and refuses empty, spaced or overlong ones', () => {
    expect(requiredId('channel_id', 'abc-123_X')).toBe('abc-123_X');
    expect(messageOf(() => requiredId('channel_id', ''))).toBe('channel_id is required');
    expect(messageOf(() => requiredId('channel_id', 'a b'))).toMatch(/printable/);
    expect(messageOf(() => requiredId('channel_id', 'x'.repeat(201)))).toMatch(/at most 200/);
  });

  it('takes channel ids as 360dialog writes them and refuses what would change a Partner API path', () => {
    expect(requiredChannelId('2PkapeCH')).toBe('2PkapeCH');
    expect(requiredChannelId('ch-1.b_c:d')).toBe('ch-1.b_c:d');
    expect(messageOf(() => requiredChannelId(''))).toBe('channel_id is required');
    for (const value of ['.', '..', '../api_keys', '-ch', 'ch/1', 'ch 1', 'x'.repeat(129)]) {
      expect(messageOf(() => requiredChannelId(value))).toMatch(/^channel_id must be a 360dialog channel id/);
    }
    expect([channelIdIfValid('ch-1'), channelIdIfValid('..'), channelIdIfValid(undefined)]).toEqual(['ch-1', undefined, undefined]);
  });

  it('treats an empty optional id as absent', () => {
    expect(optionalId('tenant_id', '')).toBeUndefined();
    expect(optionalId('tenant_id', 't-1')).toBe('t-1');
  });

  it('names an id of a refused request only when it is a valid one', () => {
    expect(idIfValid('ch-1')).toBe('ch-1');
    expect([idIfValid(''), idIfValid(undefined), idIfValid('a b'), idIfValid('x'.repeat(201))]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('never repeats a secret in its complaint', () => {
    const message = messageOf(() => requiredSecret('api_key', 'has a space'));
    expect(message).toBe('api_key must be printable characters without spaces');
  });

  it('trims text and accepts only http(s) URLs as addresses', () => {
    expect(requiredText('reason', '  offboarded ')).toBe('offboarded');
    expect(requiredHttpUrl('address', 'https://waba-v2.360dialog.io')).toBe('https://waba-v2.360dialog.io');
    expect(messageOf(() => requiredHttpUrl('address', 'javascript:alert(1)'))).toBe('address must be an http(s) URL');
    expect(messageOf(() => requiredHttpUrl('address', 'not a url'))).toBe('address must be an http(s) URL');
  });

  it('refuses control characters and broken Unicode in text, URLs included', () => {
    expect(messageOf(() => requiredText('reason', 'a\u0000b'))).toBe('reason must be plain text: no control characters or broken Unicode');
    expect(messageOf(() => requiredText('reason', 'a\ufffdb'))).toMatch(/plain text/);
    expect(messageOf(() => requiredHttpUrl('address', 'https://x.test/a\u0000b'))).toMatch(/plain text/);
  });

  it('refuses an address carrying a user name or password, which would be handed out and published', () => {
    expect(messageOf(() => requiredHttpUrl('address', 'https://user:pw@x.test/'))).toBe('address must not carry a user name or password');
    expect(messageOf(() => requiredHttpUrl('address', 'https://user@x.test/'))).toBe('address must not carry a user name or password');
  });
});
