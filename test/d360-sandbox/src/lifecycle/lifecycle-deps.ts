import type { IdGenerator } from '../domain/ids';
import type { SandboxLogger } from '../logger';
import type { SandboxStore } from '../state/sandbox-store';
import type { Scheduler } from '../state/scheduler';
import type { PartnerEventFactory } from '../webhooks/partner-events';
import type { WebhookSender } from '../webhooks/webhook-sender';

export interface LifecycleDeps {
  store: SandboxStore;
  sender: WebhookSender;
  events: PartnerEventFactory;
  scheduler: Scheduler;
  ids: IdGenerator;
  logger: SandboxLogger;
}
