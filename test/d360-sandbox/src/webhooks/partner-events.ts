import { stageFacts } from '../domain/channel-stage';
import { clientView, partnerChannelView } from '../domain/channel-view';
import type { IdGenerator } from '../domain/ids';
import type { ChannelRecord, ClientRecord } from '../domain/records';
import type { PartnerEvent } from './delivery';

export const ON_DEMAND_EVENTS = ['account_violation', 'account_restriction', 'cancellation_processed'] as const;
export type OnDemandEvent = (typeof ON_DEMAND_EVENTS)[number];

/** Builds the `{id, event, data}` envelopes; `data` is the client or the channel object. */
export class PartnerEventFactory {
  constructor(private readonly ids: IdGenerator) {}

  clientCreated(client: ClientRecord): PartnerEvent {
    return this.envelope('client_created', { ...clientView(client), partner_id: client.partnerId });
  }

  /** The event of the channel's current stage (channel_created … channel_live). */
  channelStage(channel: ChannelRecord, client: ClientRecord): PartnerEvent {
    const facts = stageFacts(channel.stage);
    const data = partnerChannelView(channel, client);
    if (channel.stage !== 'created') return this.envelope(facts.event, data);
    // The channel_created docs list these flat as well as inside the channel object.
    return this.envelope(facts.event, {
      ...data,
      phone_number: channel.phoneNumber,
      phone_name: channel.phoneName,
      fb_account_status: facts.fbAccountStatus,
    });
  }

  onDemand(event: OnDemandEvent, channel: ChannelRecord, client: ClientRecord, extra: Record<string, unknown>): PartnerEvent {
    const defaults: Record<OnDemandEvent, Record<string, unknown>> = {
      account_violation: { phone_number: channel.phoneNumber, violation_type: 'SCAM' },
      account_restriction: { phone_number: channel.phoneNumber, restriction_type: 'RESTRICTED_BIZ_INITIATED_MESSAGING', expiration: null },
      cancellation_processed: { phone_number: channel.phoneNumber },
    };
    return this.envelope(event, { ...partnerChannelView(channel, client), ...defaults[event], ...extra });
  }

  coexistence(event: 'history' | 'smb_app_state_sync', data: Record<string, unknown>): PartnerEvent {
    return this.envelope(event, data);
  }

  private envelope(event: string, data: Record<string, unknown>): PartnerEvent {
    return { id: this.ids.eventId(), event, data };
  }
}
