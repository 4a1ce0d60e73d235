
/** One event on its way to the exchange. */
export interface OutboundMessage {
  /** The event id; becomes the message id, the consumers' deduplication key. */
  id: string;
  /** The event type; the routing key. */
  type: string;
  /** The JSON envelope. */
  body: Buffer;
}

/**
 * `confirmed`: every bound queue has the message. `rejected`: the broker refused it and sending
 * it again right away would fail the same way; `unroutable` when no queue is bound to its type
 * (rather than nacked). `unconfirmed`: the link failed first, so the message may or may not have
 * arrived.
 */
export type PublishOutcome =
  | { id: string; status: 'confirmed' }
  | { id: string; status: 'rejected'; reason: string; unroutable: boolean }
  | { id: string; status: 'unconfirmed'; reason: string };

export const UNROUTABLE_REASON = 'unroutable: no queue is bound to this event type';

export interface InboundDelivery {
  body: Buffer;
  messageId: string | undefined;
  /** How many times a handler has already failed on this message. */
  failedAttempts: number;
}

export type DeadLetterReason = 'INVALID_ENVELOPE' | 'UNHANDLED_EVENT_TYPE' | 'NON_RETRYABLE' | 'ATTEMPTS_EXHAUSTED';

export type DeliveryDecision =
  | { action: 'ack' }
  | { action: 'retry'; delayMs: number; failedAttempts: number; error: string }
  | { action: 'dead-letter'; reason: DeadLetterReason; failedAttempts: number; error: string };

export interface TransportSubscription {
  /** Names the consumer's queues: `<consumer>.events`, `<consumer>.events.dlq`, ... */
  consumer: string;
  bindingKeys: readonly string[];
  /** How many deliveries may be in progress at once. */
  prefetch: number;
  /** One delay queue per distinct value; retry decisions pick one of them. */
  retryDelaysMs: readonly number[];
  /** Decides what happens to a delivery; must not throw. */
  handle(delivery: InboundDelivery): Promise<DeliveryDecision>;
}

export interface ActiveSubscription {
  /** Stops taking deliveries and waits for those in progress. */
  stop(): Promise<void>;
}

export interface DeadLetter {
  messageId: string | undefined;
  type: string | undefined;
  reason: string;
  error: string | undefined;
  failedAttempts: number;
  deadLetteredAt: string | undefined;
  body: string;
}

/** Operator access to a consumer's dead letters: list them, send them back to the work queue. */
export interface DeadLetterStore {
  list(consumer: string, options?: { limit?: number }): Promise<DeadLetter[]>;
  /** Moves the dead letter with this message id back to the work queue; false when absent. */
  replay(consumer: string, messageId: string): Promise<boolean>;
  /** Moves every dead letter present now back to the work queue; returns how many. */
  replayAll(consumer: string): Promise<number>;
}

/** The broker seam: RabbitMQ in production, in memory for the single-process mode. */
export interface MessageTransport {
  /** Connects (or tries once, then keeps trying in the background). */
  start(): Promise<void>;
  publish(messages: readonly OutboundMessage[]): Promise<PublishOutcome[]>;
  subscribe(subscription: TransportSubscription): Promise<ActiveSubscription>;
  /** True while every link the transport needs is up; the relay publishes only then. */
  isConnected(): boolean;
  readonly deadLetters: DeadLetterStore;
  close(): Promise<void>;
}
