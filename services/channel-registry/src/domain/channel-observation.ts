import type { Channel } from './channel';
import type { ChannelFacts } from './channel-facts';
import { type ChannelStatus, isProgressionRegression } from './channel-status';
import { mappingForPartnerChannel, mappingForWebhook, type SignalSource, type StatusMappingRow } from './status-mapping';

/** One piece of news about a channel from 360dialog: a partner webhook or a Partner API read. */
export interface ChannelObservation {
  source: SignalSource;
  /** When 360dialog's news reached us: a webhook's receipt, or when a Partner API read was sent. */
  observedAt: Date;
  /** The signal as 360dialog named it; stored as the raw status when it sets our status. */
  signal: string;
  /** False when the mapping table has no row for the signal (reported, otherwise harmless). */
  mapped: boolean;
  /** Absent when the signal says nothing about whether the number can send. */
  status?: ChannelStatus;
  qualityRating?: string;
  messagingLimit?: string;
  details: ChannelDetails;
}

export type ChannelDetails = Partial<Pick<Channel, 'phoneNumber' | 'displayName' | 'wabaAccountId' | 'accountMode' | 'coexistence'>>;

export interface StatusChange {
  /** null for the first status the registry learns about. */
  from: ChannelStatus | null;
  to: ChannelStatus;
  rawStatus: string;
  at: Date;
}

export interface QualityChange {
  from: string | null;
  to: string;
  messagingLimit: string | null;
}

export type ObservationOutcome =
  | { kind: 'ignored'; reason: 'revoked' | 'stale' }
  | { kind: 'applied'; channel: Channel; changed: boolean; statusChange?: StatusChange; qualityChange?: QualityChange };

/** Statuses the Partner API cannot see (it shows no restrictions or Meta offboarding): only a newer webhook leaves them. */
const HELD_AGAINST_PARTNER_API: ReadonlySet<ChannelStatus> = new Set(['restricted', 'offboarded']);

/** A partner webhook; `detail` is the inner event of a Meta `account_update`. */
export function webhookObservation(event: string, detail: string | undefined, facts: ChannelFacts, observedAt: Date): ChannelObservation {
  const signal = detail === undefined ? event : `${event}:${detail}`;
  return observation('webhook', signal, mappingForWebhook(event, detail), facts, observedAt);
}

/** A channel object read from the Partner API by the reconciler. */
export function partnerApiObservation(facts: ChannelFacts, observedAt: Date): ChannelObservation {
  const row = mappingForPartnerChannel(facts);
  return observation('partner_api', facts.status ?? row?.signal ?? 'unknown', row, facts, observedAt);
}

function observation(source: SignalSource, signal: string, row: StatusMappingRow | undefined, facts: ChannelFacts, observedAt: Date): ChannelObservation {
  const details: ChannelDetails = {};
  if (facts.phoneNumber !== undefined) details.phoneNumber = facts.phoneNumber;
  if (facts.displayName !== undefined) details.displayName = facts.displayName;
  if (facts.wabaAccountId !== undefined) details.wabaAccountId = facts.wabaAccountId;
  if (facts.accountMode !== undefined) details.accountMode = facts.accountMode;
  if (facts.coexistence !== undefined) details.coexistence = facts.coexistence;
  return {
    source,
    observedAt,
    signal,
    mapped: row !== undefined,
    ...(row === undefined || row.status === 'unchanged' ? {} : { status: row.status }),
    ...(facts.qualityRating === undefined ? {} : { qualityRating: facts.qualityRating }),
    ...(facts.messagingLimit === undefined ? {} : { messagingLimit: facts.messagingLimit }),
    details,
  };
}

/**
 * What an observation does to a channel. Webhooks are ordered among themselves: one received
 * before the last applied webhook changes nothing. A Partner API read sent before that webhook was
 * received may predate it and changes nothing either; a read never moves that mark, so a webhook
 * received earlier but applied later (from webhook-ingest's buffer, a retry) still counts — it may
 * carry what a read cannot see. A revoked channel ignores 360dialog; pending → ready → running
 * never steps back; the Partner API never lifts a restriction or an offboarding it cannot see.
 */
export function applyObservation(channel: Channel, news: ChannelObservation): ObservationOutcome {
  if (channel.status === 'revoked') return { kind: 'ignored', reason: 'revoked' };
  if (channel.lastEventAt !== null && news.observedAt < channel.lastEventAt) return { kind: 'ignored', reason: 'stale' };

  const status = acceptedStatus(channel, news);
  const statusChange = status === undefined ? undefined : statusChangeOf(channel, status, news);
  const qualityChange = qualityChangeOf(channel, news);
  const next: Channel = {
    ...channel,
    ...news.details,
    ...(status === undefined ? {} : { status, rawStatus: news.signal }),
    ...(statusChange === undefined || statusChange.from === statusChange.to ? {} : { statusChangedAt: statusChange.at }),
    qualityRating: news.qualityRating ?? channel.qualityRating,
    messagingLimit: news.messagingLimit ?? channel.messagingLimit,
    lastEventAt: news.source === 'webhook' ? news.observedAt : channel.lastEventAt,
  };
  return { kind: 'applied', channel: next, changed: hasStateChanged(channel, next), statusChange, qualityChange };
}

function acceptedStatus(channel: Channel, news: ChannelObservation): ChannelStatus | undefined {
  const target = news.status;
  if (target === undefined) return undefined;
  if (news.source === 'partner_api' && HELD_AGAINST_PARTNER_API.has(channel.status) && target !== 'offboarded') return undefined;
  if (isProgressionRegression(channel.status, target)) return undefined;
  return target;
}

/** A change worth announcing: a new status, or the first one 360dialog tells us. */
function statusChangeOf(channel: Channel, to: ChannelStatus, news: ChannelObservation): StatusChange | undefined {
  const firstNews = channel.rawStatus === null;
  if (!firstNews && channel.status === to) return undefined;
  return { from: firstNews ? null : channel.status, to, rawStatus: news.signal, at: changeTimeOf(channel, news.observedAt) };
}

/**
 * A channel's status changes are strictly ordered in time, so consumers can keep "the newest
 * wins". A webhook received before the channel was linked (and applied from webhook-ingest's
 * buffer afterwards) carries an earlier time than the link itself: its change is dated just after
 * the previous one instead.
 */
function changeTimeOf(channel: Channel, observedAt: Date): Date {
  return observedAt > channel.statusChangedAt ? observedAt : new Date(channel.statusChangedAt.getTime() + 1);
}

function qualityChangeOf(channel: Channel, news: ChannelObservation): QualityChange | undefined {
  const rating = news.qualityRating ?? channel.qualityRating;
  const limit = news.messagingLimit ?? channel.messagingLimit;
  if (rating === null) return undefined;
  if (rating === channel.qualityRating && limit === channel.messagingLimit) return undefined;
  return { from: channel.qualityRating, to: rating, messagingLimit: limit };
}

const TRACKED_FIELDS = [
  'status',
  'rawStatus',
  'qualityRating',
  'messagingLimit',
  'phoneNumber',
  'displayName',
  'wabaAccountId',
  'accountMode',
  'coexistence',
] as const satisfies readonly (keyof Channel)[];

function hasStateChanged(before: Channel, after: Channel): boolean {
  return TRACKED_FIELDS.some((field) => before[field] !== after[field]);
}

/** Revokes a channel (the client removed our permission); undefined when it already was. */
export function revokeChannel(channel: Channel, reason: string, at: Date): { channel: Channel; statusChange: StatusChange } | undefined {
  if (channel.status === 'revoked') return undefined;
  const rawStatus = channel.rawStatus ?? 'unknown';
  return {
    channel: { ...channel, status: 'revoked', statusChangedAt: at, revokedAt: at, revokeReason: reason },
    statusChange: { from: channel.status, to: 'revoked', rawStatus, at },
  };
}
