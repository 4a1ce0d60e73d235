import { parseEvent } from '@chatpilot/contracts';

import { d360EventFor, eventLabelOf, publicationTypeOf, type PublishableWebhook } from './publication';
import { routeWebhook } from './webhook-routing';

const receivedAt = new Date('2026-11-25T10:00:00.000Z');
const running: PublishableWebhook = {
  id: '6c0f7f3e-8a43-4a4f-9b5e-0f7a5f3f1a11',
  dedupeKey: 'evt-1',
  event: 'channel_running',
  source: 'partner',
  references: { channelId: 'abcCH', clientId: 'xyzCL', phoneNumber: '4915111111111' },
  receivedAt,
  body: { id: 'evt-1', event: 'channel_running', data: { id: 'abcCH', status: 'running' } },
};

describe('publicationTypeOf', () => {
  it('maps partner events the catalog knows, families included', () => {
    expect(publicationTypeOf('partner', 'channel_running')).toBe('d360.channel_running');
    expect(publicationTypeOf('partner', 'cancellation_request')).toBe('d360.cancellation_request');
    expect(publicationTypeOf('partner', 'history')).toBe('d360.history');
  });

  it('has no type for unknown or unroutable event names', () => {
    expect(publicationTypeOf('partner', 'brand_new_event')).toBeUndefined();
    expect(publicationTypeOf('partner', 'Channel.Running')).toBeUndefined();
  });

  it('publishes a number-URL webhook under its own coexistence type or as channel_webhook', () => {
    expect(publicationTypeOf('channel', 'smb_message_echoes')).toBe('d360.smb_message_echoes');
    expect(publicationTypeOf('channel', 'messages')).toBe('d360.channel_webhook');
  });

  it('labels metrics with catalog names only', () => {
    expect(eventLabelOf('partner', 'channel_running')).toBe('channel_running');
    expect(eventLabelOf('partner', 'cancellation_whatever')).toBe('other');
    expect(eventLabelOf('channel', 'anything-at-all')).toBe('channel_webhook');
  });
});

describe('d360EventFor', () => {
  it('builds a valid event with the tenant, the row id as event id, and 360dialog data as payload', () => {
    const event = d360EventFor(running, 'tenant-1')!;
    expect(parseEvent(event).ok).toBe(true);
    expect(event).toMatchObject({
      id: running.id,
      type: 'd360.channel_running',
      tenant_id: 'tenant-1',
      source: 'webhook-ingest',
      occurred_at: receivedAt.toISOString(),
      data: {
        webhook_event_id: 'evt-1',
        event: 'channel_running',
        channel_id: 'abcCH',
        client_id: 'xyzCL',
        phone_number: '+4915111111111',
        received_at: receivedAt.toISOString(),
        payload: { id: 'abcCH', status: 'running' },
      },
    });
  });

  it('publishes the history summary instead of the chat history', () => {
    const summary = { phase: 0, chunk_order: 1, progress: 17, message_count: 3 };
    const history: PublishableWebhook = { ...running, event: 'history', references: { wabaAccountId: 'w' }, historySummary: summary };
    const { body: _, ...withoutBody } = history;
    expect(d360EventFor(withoutBody, 'tenant-1')).toMatchObject({ type: 'd360.history', data: { payload: summary, waba_account_id: 'w' } });
  });

  it('publishes a Meta account_update with its change value as payload, for the registry to read the offboarding', () => {
    const value = { phone_number: '4915111111111', event: 'ACCOUNT_OFFBOARDED' };
    const body = { object: 'whatsapp_business_account', entry: [{ id: 'waba-1', changes: [{ field: 'account_update', value }] }] };
    const event = d360EventFor({ ...running, source: 'channel', event: 'account_update', body }, 'tenant-1')!;
    expect(parseEvent(event).ok).toBe(true);
    expect(event).toMatchObject({ type: 'd360.account_update', data: { event: 'account_update', payload: value } });
  });

  it('sends a Meta payload from a number URL whole', () => {
    const body = { object: 'whatsapp_business_account', entry: [] };
    const event = d360EventFor({ ...running, source: 'channel', event: 'messages', body }, 'tenant-1');
    expect(event).toMatchObject({ type: 'd360.channel_webhook', data: { event: 'messages', payload: body } });
  });
});

describe('routeWebhook', () => {
  const linked = [{ channelId: 'abcCH', tenantId: 'tenant-1' }];

  it('publishes a webhook of a linked channel, buffers one of an unknown channel', () => {
    expect(routeWebhook(running, linked)).toMatchObject({ status: 'published', tenantId: 'tenant-1', event: { type: 'd360.channel_running' } });
    expect(routeWebhook(running, [])).toEqual({ status: 'buffered' });
  });

  it("names the channel a Meta payload's phone number belongs to, when it is the tenant's", () => {
    const historySummary = { phase: 0, chunk_order: 1, progress: 17, message_count: 3 };
    const history: PublishableWebhook = { ...running, event: 'history', references: { wabaAccountId: 'w', phoneNumber: '4915111111111' }, historySummary };
    const byNumber = [{ channelId: 'abcCH', tenantId: 'tenant-1', wabaAccountId: 'w', phoneNumber: '4915111111111' }];
    expect(routeWebhook(history, byNumber).event).toMatchObject({ data: { channel_id: 'abcCH', waba_account_id: 'w' } });
    const numberOfAnotherTenant = [{ channelId: 'abcCH', tenantId: 'tenant-1', wabaAccountId: 'w' }, { channelId: 'otherCH', tenantId: 'tenant-2', phoneNumber: '4915111111111' }];
    expect(routeWebhook(history, numberOfAnotherTenant).event?.data).not.toHaveProperty('channel_id');
  });

  it('only stores an event the catalog has no type for', () => {
    expect(routeWebhook({ ...running, event: 'brand_new_event' }, linked)).toEqual({ status: 'received', tenantId: 'tenant-1' });
  });
});
