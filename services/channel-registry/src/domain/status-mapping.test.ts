import { mappingForPartnerChannel, mappingForWebhook, STATUS_MAPPING, webhookEventsWithStatus } from './status-mapping';

// Written out independently of the table: a row changed by mistake fails here.
const WEBHOOK_EXPECTATIONS: [event: string, detail: string | undefined, expected: string][] = [
  ['channel_created', undefined, 'pending'],
  ['channel_submitted', undefined, 'pending'],
  ['channel_ready', undefined, 'ready'],
  ['channel_running', undefined, 'running'],
  ['channel_live', undefined, 'running'],
  ['account_violation', undefined, 'restricted'],
  ['account_restriction', undefined, 'restricted'],
  ['cancellation_request', undefined, 'unchanged'],
  ['cancellation_revoke', undefined, 'unchanged'],
  ['cancellation_processed', undefined, 'offboarded'],
  ['account_update', 'ACCOUNT_OFFBOARDED', 'offboarded'],
];

const PARTNER_STATUS_EXPECTATIONS: [status: string, expected: string][] = [
  ['created', 'pending'],
  ['submitted', 'pending'],
  ['unverified', 'pending'],
  ['verified', 'pending'],
  ['consents_signed', 'pending'],
  ['imported', 'pending'],
  ['porting_ready', 'pending'],
  ['ready_for_migration', 'pending'],
  ['waiting_for_migration_code', 'pending'],
  ['migration_code_requested', 'pending'],
  ['ready', 'ready'],
  ['running', 'running'],
  ['live', 'running'],
  ['error', 'error'],
  ['certificate_declined', 'error'],
  ['modified', 'unchanged'],
  ['new_name_requested', 'unchanged'],
  ['unknown', 'unchanged'],
];

describe('the 360dialog → registry status mapping', () => {
  describe.each(WEBHOOK_EXPECTATIONS)('webhook %s %s', (event, detail, expected) => {
    it(`maps to ${expected}`, () => {
      expect(mappingForWebhook(event, detail)?.status).toBe(expected);
    });
  });

  describe.each(PARTNER_STATUS_EXPECTATIONS)('Partner API status %s', (status, expected) => {
    it(`maps to ${expected}`, () => {
      expect(mappingForPartnerChannel({ status })?.status).toBe(expected);
    });
  });

  describe('Partner API integration.state=running', () => {
    it.each(['created', 'verified', 'ready'])('upgrades %s to running', (status) => {
      expect(mappingForPartnerChannel({ status, integrationState: 'running' })).toMatchObject({ signal: 'integration.state=running', status: 'running' });
    });

    it('does not override an error', () => {
      expect(mappingForPartnerChannel({ status: 'error', integrationState: 'running' })?.status).toBe('error');
    });
  });

  describe('Partner API terminated_at', () => {
    it('maps a terminated channel to offboarded whatever its status', () => {
      expect(mappingForPartnerChannel({ status: 'running', integrationState: 'running', terminated: true })?.status).toBe('offboarded');
    });
  });

  it('has no row for signals it does not know', () => {
    expect(mappingForWebhook('template_messaging_enabled')).toBeUndefined();
    expect(mappingForWebhook('account_update', 'ACCOUNT_DELETED')).toBeUndefined();
    expect(mappingForPartnerChannel({ status: 'brand_new_status' })).toBeUndefined();
    expect(mappingForPartnerChannel({})).toBeUndefined();
  });

  it('is covered row for row by the expectations above', () => {
    const covered = WEBHOOK_EXPECTATIONS.length + PARTNER_STATUS_EXPECTATIONS.length + 2; // + the two derived signals
    expect(STATUS_MAPPING).toHaveLength(covered);
    expect(new Set(STATUS_MAPPING.map((row) => `${row.source}/${row.signal}`)).size).toBe(STATUS_MAPPING.length);
  });

  it('names every webhook event that carries a status once', () => {
    expect(webhookEventsWithStatus()).toEqual([
      'channel_created',
      'channel_submitted',
      'channel_ready',
      'channel_running',
      'channel_live',
      'account_violation',
      'account_restriction',
      'cancellation_request',
      'cancellation_revoke',
      'cancellation_processed',
      'account_update',
    ]);
  });
});
