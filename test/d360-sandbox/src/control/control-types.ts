import type { ChannelStage } from '../domain/channel-stage';
import type { FaultKind, FaultRule } from '../domain/fault-rules';
import type { ApiKeyRecord, ChannelRecord, ClientRecord } from '../domain/records';
import type { SyncKind } from '../lifecycle/coexistence-sync-runner';
import type { ReceivedRequest, RequestFilter, Surface } from '../state/request-log';
import type { SandboxSettings, SettingsPatch, StatusSchedule } from '../state/settings';
import type { DeliveryAttempt, DeliveryStatus, WebhookDelivery } from '../webhooks/delivery';
import type { OnDemandEvent } from '../webhooks/partner-events';

/** Wire types of the control API (`/sandbox/...`), shared by the routes and SandboxControlClient. */
export interface SandboxInfo {
  partnerId: string;
  urls: {
    base: string;
    /** `{base}/dashboard/app/{partnerId}/permissions` */
    permissionPage: string;
    /** `{base}/api/v2` */
    partnerApi: string;
    /** The Messaging API base (a key's `address`). */
    messagingApi: string;
    control: string;
  };
  credentials: { partnerApiKey: string; username: string; password: string };
  platformSecret: string;
  webhookUrl: string | null;
  redirectUrl: string | null;
}

export interface ChannelSnapshot extends ChannelRecord {
  /** The channel object's `status` as the Partner API shows it. */
  status: string;
  apiKeys: ApiKeyRecord[];
}

export interface OnboardRequest {
  phoneNumbers: string[];
  coexistence?: boolean;
  shareHistory?: boolean;
  displayName?: string;
  email?: string;
  partnerPayload?: string;
  clientId?: string;
  /** Defaults to the partner's redirect URL; used only to compute `redirectLocation`. */
  redirectUrl?: string;
  state?: string;
  /** With clientId: channels of that client whose permission this submission removes (`revoked=[…]`). */
  revokeChannelIds?: string[];
}

export interface OnboardResult {
  clientId: string;
  channelIds: string[];
  revokedIds: string[];
  /** Where the permission page would have redirected the browser, if a redirect URL is known. */
  redirectLocation: string | null;
}

export interface FaultInput {
  path: string;
  kind: FaultKind;
  method?: string;
  /** Defaults to 1 (every matching request). */
  rate?: number;
  latencyMs?: number;
  retryAfterSeconds?: number;
  /** Fire at most this many times. */
  times?: number;
}

export type {
  ChannelStage,
  ClientRecord,
  DeliveryAttempt,
  DeliveryStatus,
  FaultKind,
  FaultRule,
  OnDemandEvent,
  ReceivedRequest,
  RequestFilter,
  SandboxSettings,
  SettingsPatch,
  StatusSchedule,
  Surface,
  SyncKind,
  WebhookDelivery,
};
