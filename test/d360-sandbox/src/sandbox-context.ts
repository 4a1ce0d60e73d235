import type { IdGenerator } from './domain/ids';
import type { ChannelProgression } from './lifecycle/channel-progression';
import type { CoexistenceSyncRunner } from './lifecycle/coexistence-sync-runner';
import type { PermissionGrantHandler } from './lifecycle/permission-grant';
import type { SandboxLogger } from './logger';
import type { SandboxStore } from './state/sandbox-store';
import type { Scheduler } from './state/scheduler';
import type { PartnerEventFactory } from './webhooks/partner-events';
import type { WebhookSender } from './webhooks/webhook-sender';

export interface SandboxUrls {
  /** Where the sandbox is reachable, e.g. `http://127.0.0.1:4360`. */
  base(): string;
  /** The Messaging API base handed out as a key's `address`. */
  messaging(): string;
}

/** Everything the HTTP adapters need, built once in sandbox.ts. */
export interface SandboxContext {
  store: SandboxStore;
  sender: WebhookSender;
  events: PartnerEventFactory;
  progression: ChannelProgression;
  coexistence: CoexistenceSyncRunner;
  grants: PermissionGrantHandler;
  scheduler: Scheduler;
  ids: IdGenerator;
  urls: SandboxUrls;
  random: () => number;
  logger: SandboxLogger;
}
