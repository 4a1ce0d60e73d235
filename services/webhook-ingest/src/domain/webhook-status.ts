/**
 * `received`: stored, but the event catalog has no type to publish it as (kept for the internal
 * API). `buffered`: waiting for its channel to be linked. `published`: in the outbox with its
 * tenant. `expired`: buffered longer than the TTL.
 */
export const WEBHOOK_STATUSES = ['received', 'buffered', 'published', 'expired'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

export function initialStatus(publishable: boolean, tenantId: string | undefined): WebhookStatus {
  if (!publishable) return 'received';
  return tenantId === undefined ? 'buffered' : 'published';
}
