import { z } from 'zod';

import { defineEvent, defineEventFamily } from '../event-definition';

/** What webhook-ingest knows about every 360dialog webhook it accepted. */
const d360EventFields = {
  /** 360dialog's delivery id (or a hash of the body when absent): the deduplication key. */
  webhook_event_id: z.string().min(1),
  /** The 360dialog `event` value as received, e.g. `channel_running`. */
  event: z.string().min(1),
  channel_id: z.string().min(1).optional(),
  client_id: z.string().min(1).optional(),
  waba_account_id: z.string().min(1).optional(),
  phone_number: z.string().min(1).optional(),
  /** Meta's phone number id, where the payload names one (Cloud API and coexistence payloads). */
  phone_number_id: z.string().min(1).optional(),
  received_at: z.iso.datetime({ offset: true }),
};

/** A partner webhook; `payload` is 360dialog's `data` object, passed on untouched. */
export const d360PartnerEventDataSchema = z.object({
  ...d360EventFields,
  payload: z.record(z.string(), z.unknown()),
});

/**
 * Coexistence history sync progress. The chat history itself stays in webhook-ingest: only the
 * progress travels on the bus.
 */
export const d360HistoryEventDataSchema = z.object({
  ...d360EventFields,
  payload: z.object({
    phase: z.number().int().nonnegative(),
    chunk_order: z.number().int().nonnegative(),
    progress: z.number().min(0).max(100),
    message_count: z.number().int().nonnegative(),
    /** Set when the business declined sharing history or the sync failed (Meta's error code). */
    error_code: z.number().int().optional(),
  }),
});

export type D360PartnerEventData = z.output<typeof d360PartnerEventDataSchema>;
export type D360HistoryEventData = z.output<typeof d360HistoryEventDataSchema>;

const partnerEvent = defineEvent({ version: 1, data: d360PartnerEventDataSchema });

/** Routing key `d360.<360dialog event>`, published by webhook-ingest. */
export const d360Events = {
  'd360.client_created': partnerEvent,
  'd360.channel_created': partnerEvent,
  'd360.channel_submitted': partnerEvent,
  'd360.channel_ready': partnerEvent,
  'd360.channel_running': partnerEvent,
  'd360.channel_live': partnerEvent,
  'd360.account_violation': partnerEvent,
  'd360.account_restriction': partnerEvent,
  'd360.cancellation_processed': partnerEvent,
  'd360.template_messaging_enabled': partnerEvent,
  'd360.template_messaging_disabled': partnerEvent,
  'd360.history': defineEvent({ version: 1, data: d360HistoryEventDataSchema }),
  'd360.smb_app_state_sync': partnerEvent,
  'd360.smb_message_echoes': partnerEvent,
  /** Meta `account_update` (e.g. ACCOUNT_OFFBOARDED); `payload` is Meta's change `value`. */
  'd360.account_update': partnerEvent,
  /** Any other webhook on a number's own (Messaging API) webhook URL. */
  'd360.channel_webhook': partnerEvent,
} as const;

/** 360dialog adds members to these families over time; each new name is accepted as it comes. */
export const d360EventFamilies = [
  defineEventFamily({ prefix: 'd360.cancellation_', version: 1, data: d360PartnerEventDataSchema }),
  defineEventFamily({ prefix: 'd360.template_messaging_', version: 1, data: d360PartnerEventDataSchema }),
] as const;
