import type { ChannelStatus } from './channel-status';

/** A tenant's WhatsApp channel as the registry knows it (one `whatsapp_accounts` row). */
export interface Channel {
  tenantId: string;
  channelId: string;
  clientId: string;
  wabaAccountId: string | null;
  phoneNumber: string | null;
  displayName: string | null;
  status: ChannelStatus;
  /** 360dialog's status or event name that produced `status`; null until the first observation. */
  rawStatus: string | null;
  qualityRating: string | null;
  messagingLimit: string | null;
  accountMode: string | null;
  /** Also used in the WhatsApp Business app; null while unknown. */
  coexistence: boolean | null;
  onboardingSessionId: string | null;
  linkedAt: Date;
  statusChangedAt: Date;
  /** When the newest webhook applied to this row was received: older webhooks, and reads sent before it, are ignored. */
  lastEventAt: Date | null;
  revokedAt: Date | null;
  revokeReason: string | null;
}

/** What linking knows about a channel: the redirect's ids, nothing from 360dialog yet. */
export interface ChannelLink {
  tenantId: string;
  channelId: string;
  clientId: string;
  onboardingSessionId: string | null;
  linkedAt: Date;
}

/** A freshly linked channel: `pending` until 360dialog says more. */
export function newlyLinkedChannel(link: ChannelLink): Channel {
  return {
    ...link,
    wabaAccountId: null,
    phoneNumber: null,
    displayName: null,
    status: 'pending',
    rawStatus: null,
    qualityRating: null,
    messagingLimit: null,
    accountMode: null,
    coexistence: null,
    statusChangedAt: link.linkedAt,
    lastEventAt: null,
    revokedAt: null,
    revokeReason: null,
  };
}
