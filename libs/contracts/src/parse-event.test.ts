import { createEvent } from './create-event';
import { parseEvent } from './parse-event';

function wireCopy(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

const statusChanged = createEvent(
  'registry.channel.status_changed',
  { channel_id: 'ch-1', from: null, to: 'running', raw_status: 'ready', changed_at: '2026-01-02T03:04:05.000Z' },
  { source: 'channel-registry', tenantId: 't-1' },
);

describe('parseEvent', () => {
  it('returns the typed event for an envelope that went through JSON', () => {
    const result = parseEvent(wireCopy(statusChanged));

    expect(result).toEqual({ ok: true, event: statusChanged });
    if (result.ok && result.event.type === 'registry.channel.status_changed') {
      // Narrowing on `type` gives the data shape of that event.
      expect(result.event.data.raw_status).toBe('ready');
    }
  });

  it('returns every envelope problem as a value instead of throwing', () => {
    const result = parseEvent({ id: 'not-a-uuid', type: 'Registry Linked', occurred_at: 'yesterday', source: '', version: 0, data: {} });

    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('EVENT.INVALID');
      expect(result.error.problems.map((problem) => problem.split(':')[0])).toEqual(['id', 'type', 'occurred_at', 'source', 'version']);
    }
  });

  it('rejects data that does not match the schema of its type', () => {
    const result = parseEvent({ ...(wireCopy(statusChanged) as object), data: { channel_id: 'ch-1' } });

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/data\.to/);
  });

  it('rejects an unknown type and a version newer than the catalog knows', () => {
    const unknown = parseEvent({ ...(wireCopy(statusChanged) as object), type: 'registry.channel.teleported' });
    const newer = parseEvent({ ...(wireCopy(statusChanged) as object), version: 2 });

    expect(unknown.ok || unknown.error.message).toMatch(/unknown event type/);
    expect(newer.ok || newer.error.message).toMatch(/version: 2 is newer/);
  });

  it('rejects input that is not an object at all', () => {
    expect(parseEvent('{"id":1}').ok).toBe(false);
    expect(parseEvent(null).ok).toBe(false);
  });
});
