import { createEvent } from './create-event';
import { EventValidationError } from './event-validation-error';

const linked = { tenant_id: 'tenant-1', channel_id: 'ch-1', client_id: 'client-1' };

describe('createEvent', () => {
  it('stamps a uuid, the time, the catalog version and the source on valid data', () => {
    const before = Date.now();
    const event = createEvent('registry.channel.linked', linked, { source: 'channel-registry', tenantId: 'tenant-1' });

    expect(event).toMatchObject({ type: 'registry.channel.linked', version: 1, source: 'channel-registry', tenant_id: 'tenant-1', data: linked });
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Date.parse(event.occurred_at)).toBeGreaterThanOrEqual(before - 1);
  });

  it('keeps a caller-chosen id and time so that re-publishing stays idempotent', () => {
    const id = '0b6f8a55-4a62-4b8e-9d8e-2f3f1b0e6a11';
    const occurredAt = new Date('2026-01-02T03:04:05.000Z');

    const event = createEvent('registry.channel.revoked', { channel_id: 'ch-1', reason: 'client removed permission' }, { source: 'channel-registry', id, occurredAt });

    expect(event.id).toBe(id);
    expect(event.occurred_at).toBe('2026-01-02T03:04:05.000Z');
    expect(event).not.toHaveProperty('tenant_id');
  });

  it('throws a validation error naming the path but not the value when data breaks the schema', () => {
    const make = (): unknown =>
      createEvent('onboarding.session.status_changed', { session_id: 's-1', from: 'pending', to: 'secret-status' as 'failed' }, { source: 'onboarding' });

    expect(make).toThrow(EventValidationError);
    expect(make).toThrow(/data\.to/);
    expect(make).not.toThrow(/secret-status/);
  });

  it('refuses an event type the catalog does not know', () => {
    expect(() => createEvent('registry.channel.exploded' as 'registry.channel.revoked', { channel_id: 'c', reason: 'r' }, { source: 'x' })).toThrow(
      /unknown event type/,
    );
  });

  it('refuses vault data carrying an extra field, so a key can never ride along by accident', () => {
    const data = { channel_id: 'ch-1', generation: 2, address: 'https://waba-v2.360dialog.io', api_key: 'k' };

    expect(() => createEvent('vault.channel_key.provisioned', data, { source: 'credential-vault' })).toThrow(/api_key|Unrecognized/);
  });

  it('accepts a new member of an open 360dialog event family', () => {
    const event = createEvent(
      'd360.template_messaging_paused',
      { webhook_event_id: 'w-1', event: 'template_messaging_paused', received_at: '2026-01-02T03:04:05Z', payload: { id: 'x' } },
      { source: 'webhook-ingest' },
    );

    expect(event.data.payload).toEqual({ id: 'x' });
  });

  it('carries history progress instead of the synced messages', () => {
    const data = {
      webhook_event_id: 'w-2',
      event: 'history',
      channel_id: 'ch-1',
      received_at: '2026-01-02T03:04:05Z',
      payload: { phase: 1, chunk_order: 3, progress: 40, message_count: 120 },
    };

    expect(createEvent('d360.history', data, { source: 'webhook-ingest' }).data.payload).toEqual(data.payload);
    expect(() => createEvent('d360.history', { ...data, payload: { messages: [] } } as never, { source: 'webhook-ingest' })).toThrow(/data\.payload\.phase/);
  });
});
