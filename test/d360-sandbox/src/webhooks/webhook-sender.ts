import { retryDelayMs, parseRetryAfterMs } from '../domain/retry-backoff';
import { signWebhookBody } from '../domain/signature';
import type { SandboxLogger } from '../logger';
import type { SandboxStore } from '../state/sandbox-store';
import type { Scheduler } from '../state/scheduler';
import type { DeliveryAttempt, PartnerEvent, WebhookDelivery } from './delivery';
import { WebhookPoster } from './webhook-post';

export interface WebhookSenderDeps {
  store: SandboxStore;
  scheduler: Scheduler;
  random: () => number;
  logger: SandboxLogger;
}

interface QueueItem {
  delivery: WebhookDelivery;
  lane: string;
  settled?: () => void;
}

/**
 * Delivers partner webhooks one at a time per client, in the order they were raised, while
 * different clients' webhooks go out side by side (a real sender does not hold one partner's
 * onboardings behind each other). A failed delivery (non-2xx, network error, timeout) is retried
 * later with backoff, so retries can overtake newer events the way they do with a real sender.
 * Every attempt is recorded.
 */
export class WebhookSender {
  private deliveries: WebhookDelivery[] = [];
  private lanes = new Map<string, QueueItem[]>();
  private seq = 0;
  private lifetime = new AbortController();
  private readonly poster = new WebhookPoster();

  constructor(private readonly deps: WebhookSenderDeps) {}

  /**
   * Raises an event; resolves once its first delivery attempt is over (or it was dropped).
   * `lane` orders it behind a client's other webhooks when its data names no client.
   */
  send(event: PartnerEvent, lane: string = laneOf(event)): Promise<void> {
    const body = JSON.stringify(event);
    const original = this.createDelivery(event, body);
    const settledFirst = this.admit(original, lane);
    if (original.status === 'pending' && this.rolls('duplicateRate', event.event)) {
      void this.admit(this.createDelivery(event, body, original.deliveryId), lane);
    }
    return settledFirst;
  }

  list(): WebhookDelivery[] {
    return this.deliveries.map((d) => ({ ...d, attempts: [...d.attempts] }));
  }

  /** Forgets every delivery, aborts the ones in flight and closes idle connections. */
  reset(): void {
    this.lifetime.abort();
    this.lifetime = new AbortController();
    for (const queue of this.lanes.values()) {
      for (const item of queue) item.settled?.();
      queue.length = 0;
    }
    this.lanes = new Map();
    this.deliveries = [];
    this.poster.closeConnections();
  }

  private createDelivery(event: PartnerEvent, body: string, duplicateOf?: string): WebhookDelivery {
    const url = this.deps.store.partner.webhookUrl;
    const dropped = duplicateOf === undefined && this.rolls('dropRate', event.event);
    const delivery: WebhookDelivery = {
      deliveryId: `dlv-${++this.seq}`,
      eventId: event.id,
      event: event.event,
      url,
      body,
      status: dropped ? 'dropped' : url === null ? 'no_url' : 'pending',
      attempts: [],
      createdAt: new Date().toISOString(),
      ...(duplicateOf === undefined ? {} : { duplicateOf }),
    };
    this.deliveries.push(delivery);
    return delivery;
  }

  private admit(delivery: WebhookDelivery, lane: string): Promise<void> {
    if (delivery.status !== 'pending') {
      this.deps.logger.info({ event: delivery.event, deliveryId: delivery.deliveryId, status: delivery.status }, 'partner webhook not sent');
      return Promise.resolve();
    }
    return new Promise((settled) => this.enqueue({ delivery, lane, settled }));
  }

  private enqueue(item: QueueItem): void {
    const queue = this.lanes.get(item.lane);
    if (queue !== undefined) {
      queue.push(item);
      return;
    }
    this.lanes.set(item.lane, [item]);
    void this.pump(item.lane);
  }

  /** Drains one lane; the lane exists in `lanes` exactly while its pump runs. */
  private async pump(lane: string): Promise<void> {
    const lanes = this.lanes;
    const queue = lanes.get(lane)!;
    for (let item = queue[0]; item !== undefined; item = queue[0]) {
      await this.attempt(item.delivery, item.lane, this.lifetime.signal);
      queue.shift();
      item.settled?.();
    }
    if (lanes.get(lane) === queue) lanes.delete(lane);
  }

  private async attempt(delivery: WebhookDelivery, lane: string, lifetime: AbortSignal): Promise<void> {
    const { webhookRetry } = this.deps.store.settings;
    const result = await this.post(delivery, lifetime, webhookRetry.timeoutMs);
    if (lifetime.aborted) return;
    delivery.attempts.push(result.attempt);
    this.deps.logger.info({ event: delivery.event, deliveryId: delivery.deliveryId, attempt: result.attempt.attempt, statusCode: result.attempt.statusCode, error: result.attempt.error }, 'partner webhook attempt');
    if (result.ok) {
      delivery.status = 'delivered';
    } else if (delivery.attempts.length >= webhookRetry.maxAttempts) {
      delivery.status = 'failed';
    } else {
      const delay = retryDelayMs(delivery.attempts.length, webhookRetry, this.deps.random(), result.retryAfterMs);
      this.deps.scheduler.after(delay, () => this.enqueue({ delivery, lane }));
    }
  }

  private async post(delivery: WebhookDelivery, lifetime: AbortSignal, timeoutMs: number): Promise<{ ok: boolean; attempt: DeliveryAttempt; retryAfterMs?: number }> {
    const signature = signWebhookBody(delivery.body, this.deps.store.platformSecret);
    const started = Date.now();
    const base = { attempt: delivery.attempts.length + 1, at: new Date(started).toISOString(), signature };
    try {
      const answer = await this.poster.post(delivery.url!, delivery.body, {
        headers: { 'content-type': 'application/json', 'x-360dialog-signature': signature, 'user-agent': '360dialog-sandbox' },
        timeoutMs,
        signal: lifetime,
      });
      const attempt = { ...base, durationMs: Date.now() - started, statusCode: answer.status };
      return { ok: answer.status >= 200 && answer.status < 300, attempt, retryAfterMs: parseRetryAfterMs(answer.retryAfter, Date.now()) };
    } catch (error) {
      return { ok: false, attempt: { ...base, durationMs: Date.now() - started, error: describe(error) } };
    }
  }

  private rolls(kind: 'dropRate' | 'duplicateRate', event: string): boolean {
    const rules = this.deps.store.settings.webhookDelivery;
    if (rules.events !== null && !rules.events.includes(event)) return false;
    return this.deps.random() < rules[kind];
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.name}: ${error.message}${cause}`;
}

/** Webhooks of one client keep their order; the client id is where 360dialog's objects carry it. */
function laneOf(event: PartnerEvent): string {
  const { data } = event;
  if (typeof data.client_id === 'string') return clientLaneKey(data.client_id);
  if (event.event.startsWith('client_') && typeof data.id === 'string') return clientLaneKey(data.id);
  return 'unattributed';
}

export function clientLaneKey(clientId: string): string {
  return `client:${clientId}`;
}
