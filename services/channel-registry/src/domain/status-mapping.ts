import type { ChannelStatus } from './channel-status';

/**
 * Where a 360dialog status signal comes from: a partner webhook (its `event`), or the channel
 * object the Partner API returns (its `status`, plus two derived signals).
 */
export type SignalSource = 'webhook' | 'partner_api';

export interface StatusMappingRow {
  source: SignalSource;
  /**
   * webhook: the event name (Meta `account_update` events as `account_update:<EVENT>`);
   * partner_api: the channel's `status`, or `terminated_at` / `integration.state=running`.
   */
  signal: string;
  /** Our status, or `unchanged` when the signal says nothing about whether the number can send. */
  status: ChannelStatus | 'unchanged';
  /** The evidence, tagged as in /work/shared/reference/360dialog.md: [DOC], [3P-CODE], [ASSUMPTION]. */
  basis: string;
}

const TERMINATED_SIGNAL = 'terminated_at';
const INTEGRATION_RUNNING_SIGNAL = 'integration.state=running';

/** The one mapping from 360dialog statuses and events to ours; the README shows the same table. */
export const STATUS_MAPPING: readonly StatusMappingRow[] = [
  { source: 'webhook', signal: 'channel_created', status: 'pending', basis: '[DOC] first event after the client finishes signup' },
  { source: 'webhook', signal: 'channel_submitted', status: 'pending', basis: '[DOC, older docs] submitted to Meta for WABA creation' },
  { source: 'webhook', signal: 'channel_ready', status: 'ready', basis: '[DOC] the number is ready to be registered' },
  { source: 'webhook', signal: 'channel_running', status: 'running', basis: '[DOC] the number transitions into running state' },
  { source: 'webhook', signal: 'channel_live', status: 'running', basis: '[DOC] the channel goes live; [ASSUMPTION] live can send like running' },
  { source: 'webhook', signal: 'account_violation', status: 'restricted', basis: '[DOC, older docs] policy violation; [ASSUMPTION] treated as restricted until a newer channel event' },
  { source: 'webhook', signal: 'account_restriction', status: 'restricted', basis: '[DOC, older docs] restriction with restriction type' },
  { source: 'webhook', signal: 'cancellation_request', status: 'unchanged', basis: '[3P-CODE] .NET enum; [ASSUMPTION] the number works until the cancellation is processed' },
  { source: 'webhook', signal: 'cancellation_revoke', status: 'unchanged', basis: '[3P-CODE] .NET enum; the request was withdrawn' },
  { source: 'webhook', signal: 'cancellation_processed', status: 'offboarded', basis: '[3P-CODE] .NET enum; [ASSUMPTION] hosting at 360dialog ended' },
  {
    source: 'webhook',
    signal: 'account_update:ACCOUNT_OFFBOARDED',
    status: 'offboarded',
    basis: '[DOC Meta] coexistence companion offboarded; [UNCONFIRMED] that 360dialog forwards account_update',
  },
  { source: 'partner_api', signal: 'created', status: 'pending', basis: '[3P-CODE] channel status enum' },
  { source: 'partner_api', signal: 'submitted', status: 'pending', basis: '[ASSUMPTION] as channel_submitted (sandbox stage)' },
  { source: 'partner_api', signal: 'unverified', status: 'pending', basis: '[3P-CODE] channel status enum' },
  { source: 'partner_api', signal: 'verified', status: 'pending', basis: '[3P-CODE] channel status enum' },
  { source: 'partner_api', signal: 'consents_signed', status: 'pending', basis: '[3P-CODE] channel status enum' },
  { source: 'partner_api', signal: 'imported', status: 'pending', basis: '[3P-CODE] channel status enum' },
  { source: 'partner_api', signal: 'porting_ready', status: 'pending', basis: '[3P-CODE] channel status enum (migration)' },
  { source: 'partner_api', signal: 'ready_for_migration', status: 'pending', basis: '[3P-CODE] channel status enum (migration)' },
  { source: 'partner_api', signal: 'waiting_for_migration_code', status: 'pending', basis: '[3P-CODE] channel status enum (migration)' },
  { source: 'partner_api', signal: 'migration_code_requested', status: 'pending', basis: '[3P-CODE] channel status enum (migration)' },
  { source: 'partner_api', signal: 'ready', status: 'ready', basis: '[3P-CODE] channel status enum; [DOC] channel_ready' },
  { source: 'partner_api', signal: 'running', status: 'running', basis: '[UNCONFIRMED] not in the 3P enum; the sandbox shows it' },
  { source: 'partner_api', signal: 'live', status: 'running', basis: '[UNCONFIRMED] not in the 3P enum; the sandbox shows it' },
  {
    source: 'partner_api',
    signal: INTEGRATION_RUNNING_SIGNAL,
    status: 'running',
    basis: '[UNCONFIRMED] running may show only as integration.state; upgrades a pending/ready status',
  },
  { source: 'partner_api', signal: 'error', status: 'error', basis: '[3P-CODE] channel status enum' },
  { source: 'partner_api', signal: 'certificate_declined', status: 'error', basis: '[3P-CODE] channel status enum; the number cannot register' },
  { source: 'partner_api', signal: 'modified', status: 'unchanged', basis: '[3P-CODE] channel status enum; a change to a working number' },
  { source: 'partner_api', signal: 'new_name_requested', status: 'unchanged', basis: '[3P-CODE] channel status enum; display name change pending' },
  { source: 'partner_api', signal: 'unknown', status: 'unchanged', basis: '[3P-CODE] channel status enum' },
  { source: 'partner_api', signal: TERMINATED_SIGNAL, status: 'offboarded', basis: '[3P-CODE] channel field terminated_at; [ASSUMPTION] set once hosting ended' },
];

function rowFor(source: SignalSource, signal: string): StatusMappingRow | undefined {
  return STATUS_MAPPING.find((row) => row.source === source && row.signal === signal);
}

/** The row for a partner webhook; `detail` is the inner event of Meta `account_update` webhooks. */
export function mappingForWebhook(event: string, detail?: string): StatusMappingRow | undefined {
  return rowFor('webhook', detail === undefined ? event : `${event}:${detail}`);
}

export interface PartnerChannelStatusFacts {
  status?: string;
  integrationState?: string;
  terminated?: boolean;
}

/** The row for a channel object from the Partner API; undefined for a status the table does not know. */
export function mappingForPartnerChannel(facts: PartnerChannelStatusFacts): StatusMappingRow | undefined {
  if (facts.terminated) return rowFor('partner_api', TERMINATED_SIGNAL);
  const row = facts.status === undefined ? undefined : rowFor('partner_api', facts.status);
  const runningByIntegration = facts.integrationState === 'running' && (row?.status === 'pending' || row?.status === 'ready');
  return runningByIntegration ? rowFor('partner_api', INTEGRATION_RUNNING_SIGNAL) : row;
}

/** The 360dialog webhook event names the table has rows for (`account_update:X` → `account_update`). */
export function webhookEventsWithStatus(): string[] {
  const events = STATUS_MAPPING.filter((row) => row.source === 'webhook').map((row) => row.signal.split(':')[0] ?? row.signal);
  return [...new Set(events)];
}
