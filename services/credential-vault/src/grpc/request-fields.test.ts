import { VaultError } from '../domain/vault-errors';
import { optionalId, requiredHttpUrl, requiredId, requiredSecret, requiredText } from './request-fields';

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

  it('treats an empty optional id as absent', () => {
    expect(optionalId('tenant_id', '')).toBeUndefined();
    expect(optionalId('tenant_id', 't-1')).toBe('t-1');
  });

  it('never repeats a secret in its complaint', () => {
    const message = messageOf(() => requiredSecret('api_key', 'has a space'));
    expect(message).toBe('api_key must be printable characters without spaces');
  });

  it('trims text and accepts only http(s) URLs as addresses', () => {
    expect(requiredText('reason', '  offboarded ')).toBe('offboarded');
    expect(requiredHttpUrl('address', 'https://waba-v2.360dialog.io')).toBe('https://waba-v2.360dialog.io');
    expect(messageOf(() => requiredHttpUrl('address', 'javascript:alert(1)'))).toBe('address must be an http(s) URL');
  });
});
