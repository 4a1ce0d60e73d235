import { createIdGenerator } from './ids';

describe('id generator', () => {
  const ids = createIdGenerator();

  it('produces 360dialog-shaped client, channel and api key ids', () => {
    expect(ids.clientId()).toMatch(/^[0-9A-Za-z]{6}CL$/);
    expect(ids.channelId()).toMatch(/^[0-9A-Za-z]{6}CH$/);
    expect(ids.apiKey()).toMatch(/^[0-9A-Za-z]{24}AK$/);
  });

  it('produces numeric Meta ids without a leading zero', () => {
    expect(ids.wabaId()).toMatch(/^[1-9]\d{14}$/);
    expect(ids.phoneNumberId()).toMatch(/^[1-9]\d{14}$/);
    expect(ids.appId()).toMatch(/^[1-9]\d{5}$/);
    expect(ids.apiKeyId()).toMatch(/^[1-9]\d{5}$/);
  });

  it('produces wamid message ids and uuid v4 event ids', () => {
    expect(ids.wamid()).toMatch(/^wamid\.[A-Za-z0-9_-]{40}$/);
    expect(ids.eventId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('does not repeat ids across many draws', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => ids.channelId()));
    expect(seen.size).toBe(2000);
  });

  it('is deterministic for a given byte source', () => {
    const fixed = createIdGenerator((n) => Buffer.alloc(n, 7));
    expect(fixed.clientId()).toBe('777777CL');
    expect(fixed.appId()).toBe('877777');
  });
});
