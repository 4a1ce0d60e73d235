/** A 360dialog partner webhook: `{id, event, data}` (docs: "Webhook events"; coexistence examples). */
export interface PartnerEvent {
  id: string;
  event: string;
  data: Record<string, unknown>;
}

export interface DeliveryAttempt {
  attempt: number;
  at: string;
  durationMs: number;
  /** The `x-360dialog-signature` sent with this attempt. */
  signature: string;
  statusCode?: number;
  error?: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'dropped' | 'no_url';

export interface WebhookDelivery {
  deliveryId: string;
  eventId: string;
  event: string;
  url: string | null;
  /** The exact bytes sent (and signed). */
  body: string;
  status: DeliveryStatus;
  /** Set on the extra copy when deliveries are duplicated. */
  duplicateOf?: string;
  attempts: DeliveryAttempt[];
  createdAt: string;
}
