import { z } from 'zod';

const statusSchedule = z.union([
  z.literal('immediate'),
  z.literal('manual'),
  z.object({ stepDelayMs: z.number().int().min(0) }).strict(),
]);

const count = z.number().int().min(0);
const rate = z.number().min(0).max(1);

const settingsShape = {
  /** Echo the link's `state` on the redirect (360dialog does not document it). */
  echoState: z.boolean(),
  /** Join the redirect parameters with a second `?` (`…?state=X?client=…`). */
  malformedRedirect: z.boolean(),
  /** `POST …/api_keys` answers flat `{address, api_key, app_id, id}` or `{api_keys: […]}`. */
  apiKeyResponse: z.enum(['flat', 'list']),
  /** Deliver the submit webhooks before answering the redirect, or after it. */
  webhookOrder: z.enum(['before_redirect', 'after_redirect']),
  afterRedirectDelayMs: count,
  /** How channels move channel_created → … → channel_live. */
  statusSchedule,
  /** Start the coexistence history/contacts sync when the channel runs, or only on request. */
  coexistenceSync: z.enum(['on_running', 'manual']),
  history: z.object({ chunksPerPhase: z.number().int().min(1), messagesPerChunk: z.number().int().min(1), chunkDelayMs: count, contacts: count }).strict(),
  webhookRetry: z.object({ maxAttempts: z.number().int().min(1), baseDelayMs: count, maxDelayMs: count, timeoutMs: z.number().int().min(1) }).strict(),
  /** Drop or duplicate partner webhooks at a rate, optionally only for some event names. */
  webhookDelivery: z.object({ dropRate: rate, duplicateRate: rate, events: z.array(z.string()).nullable() }).strict(),
  /** Accept `Authorization: Bearer` on the Partner API (hub setting "Legacy Token Authentication"). */
  legacyTokenAuth: z.boolean(),
};

export const settingsSchema = z.object(settingsShape).strict();
export type SandboxSettings = z.infer<typeof settingsSchema>;
export type StatusSchedule = SandboxSettings['statusSchedule'];

/** A settings change: any subset, nested objects may be partial too. */
export const settingsPatchSchema = z
  .object({
    ...settingsShape,
    history: settingsShape.history.partial(),
    webhookRetry: settingsShape.webhookRetry.partial(),
    webhookDelivery: settingsShape.webhookDelivery.partial(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const DEFAULT_SETTINGS: SandboxSettings = {
  echoState: false,
  malformedRedirect: false,
  apiKeyResponse: 'flat',
  webhookOrder: 'before_redirect',
  afterRedirectDelayMs: 500,
  statusSchedule: { stepDelayMs: 1000 },
  coexistenceSync: 'on_running',
  history: { chunksPerPhase: 2, messagesPerChunk: 3, chunkDelayMs: 200, contacts: 3 },
  webhookRetry: { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 30_000, timeoutMs: 5000 },
  webhookDelivery: { dropRate: 0, duplicateRate: 0, events: null },
  legacyTokenAuth: true,
};

export function applySettingsPatch(current: SandboxSettings, patch: SettingsPatch): SandboxSettings {
  return {
    ...current,
    ...patch,
    history: { ...current.history, ...patch.history },
    webhookRetry: { ...current.webhookRetry, ...patch.webhookRetry },
    webhookDelivery: { ...current.webhookDelivery, ...patch.webhookDelivery },
  };
}
