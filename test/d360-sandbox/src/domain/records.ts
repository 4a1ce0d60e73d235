import type { ChannelStage } from './channel-stage';

/** What the sandbox remembers; the JSON 360dialog returns is derived from these in channel-view. */
export interface PartnerRecord {
  id: string;
  brandName: string;
  webhookUrl: string | null;
  redirectUrl: string | null;
}

export interface ClientRecord {
  id: string;
  partnerId: string;
  name: string;
  email: string | null;
  /** The permission link's `partner` parameter. */
  partnerPayload: string | null;
  createdAt: string;
}

export interface ChannelRecord {
  id: string;
  clientId: string;
  /** `+` and digits. */
  phoneNumber: string;
  phoneName: string;
  stage: ChannelStage;
  coexistence: boolean;
  shareHistory: boolean;
  wabaId: string;
  phoneNumberId: string;
  appId: string;
  createdAt: string;
  billingStartedAt: string | null;
  terminatedAt: string | null;
  /** The client removed the partner's permission on the permission page. */
  permissionRevoked: boolean;
  qualityRating: string | null;
  messagingLimit: string | null;
  /** Set through the Messaging API `POST /v1/configs/webhook`. */
  webhookUrl: string | null;
  /** Coexistence syncs already run (each runs once, like Meta's). */
  synced: { history: boolean; smb_app_state_sync: boolean };
}

export interface ApiKeyRecord {
  id: string;
  channelId: string;
  apiKey: string;
  address: string;
  appId: string;
  createdAt: string;
  revokedAt: string | null;
}
