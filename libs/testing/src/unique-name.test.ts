import { uniqueName } from './unique-name';

describe('uniqueName', () => {
  it('keeps only lowercase letters, digits and underscores from the label', () => {
    expect(uniqueName('t', 'Webhook-Ingest: Replay!', 63)).toMatch(/^t_webhook_ingest_replay_[0-9a-f]{10}$/);
  });

  it('omits an absent or unusable label', () => {
    expect(uniqueName('t', undefined, 63)).toMatch(/^t_[0-9a-f]{10}$/);
    expect(uniqueName('t', '---', 63)).toMatch(/^t_[0-9a-f]{10}$/);
  });

  it('never exceeds the maximum length and never repeats', () => {
    const names = Array.from({ length: 50 }, () => uniqueName('t', 'a_'.repeat(100), 63));
    expect(names.every((name) => name.length <= 63 && !name.includes('__'))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });
});
