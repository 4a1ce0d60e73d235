import type { Logger } from '@chatpilot/logger';
import { z } from 'zod';

import { D360ApiError, type RequestDescription } from './d360-api-error';
import { exchange, type HttpResponse } from './http-exchange';
import { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, withRetries, type RetrySettings } from './retry-policy';

export interface MessagingApiClientOptions {
  timeoutMs?: number;
  retry?: RetrySettings;
  logger: Logger;
  fetchImpl?: typeof fetch;
}

/** Where and as whom to call: a channel's Messaging API base (its key's `address`) and its key. */
export interface ChannelCredentials {
  address: string;
  apiKey: string;
  signal?: AbortSignal;
}

/** A Cloud API message body; `messaging_product` and `recipient_type` are filled in when absent. */
export interface CloudApiMessage {
  to: string;
  type: string;
  [field: string]: unknown;
}

export interface SentMessage {
  /** The wamid(s) Meta assigned. */
  messageIds: string[];
}

export interface MessagingApiClient {
  /** Points the number's own webhook (messages, statuses, echoes) at `url`. */
  configureWebhook(request: ChannelCredentials & { url: string }): Promise<{ url: string }>;
  sendMessage(request: ChannelCredentials & { message: CloudApiMessage }): Promise<SentMessage>;
}

const webhookResponseSchema = z.looseObject({ url: z.string() });
const sendResponseSchema = z.looseObject({ messages: z.array(z.looseObject({ id: z.string().min(1) })).min(1) });

/**
 * The 360dialog Messaging API (`D360-API-KEY` auth). A 401 means the key was revoked or replaced
 * (D360.UNAUTHORIZED). No breaker here: every channel has its own key and, in principle, address.
 */
export function createMessagingApiClient(options: MessagingApiClientOptions): MessagingApiClient {
  const settings = { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, fetchImpl: options.fetchImpl ?? fetch, logger: options.logger };
  const retrySettings = options.retry ?? DEFAULT_RETRY;

  const post = (credentials: ChannelCredentials, pathTemplate: string, body: unknown, mayRetry?: (error: D360ApiError) => boolean): Promise<HttpResponse> => {
    const description: RequestDescription = { api: 'Messaging API', method: 'POST', pathTemplate };
    const signal = credentials.signal === undefined ? {} : { signal: credentials.signal };
    const request = { description, url: messagingUrl(credentials.address, pathTemplate), headers: { 'd360-api-key': credentials.apiKey }, body, ...signal };
    const retried = { description, settings: retrySettings, logger: options.logger, ...signal, ...(mayRetry === undefined ? {} : { mayRetry }) };
    return withRetries(retried, (attempt) => exchange(request, attempt, settings));
  };

  return {
    configureWebhook: async ({ url, ...credentials }) => {
      const response = await post(credentials, '/v1/configs/webhook', { url });
      const parsed = webhookResponseSchema.safeParse(response.body);
      return { url: parsed.success ? parsed.data.url : url };
    },
    sendMessage: async ({ message, ...credentials }) => {
      const body = { messaging_product: 'whatsapp', recipient_type: 'individual', ...message };
      // A send that timed out or failed with a 5xx may still have been delivered; only a 429 is
      // known not to have been, so only that is retried rather than risk a duplicate message.
      const response = await post(credentials, '/messages', body, (error) => error.code === 'D360.RATE_LIMITED');
      const parsed = sendResponseSchema.safeParse(response.body);
      if (!parsed.success) {
        throw new D360ApiError({
          code: 'D360.BAD_RESPONSE',
          request: { api: 'Messaging API', method: 'POST', pathTemplate: '/messages' },
          status: response.status,
          retryable: false,
          problem: `answered ${response.status} without message ids`,
        });
      }
      return { messageIds: parsed.data.messages.map((sent) => sent.id) };
    },
  };
}

function messagingUrl(address: string, path: string): URL {
  const base = new URL(address);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new TypeError('The Messaging API address must be an http(s) URL');
  return new URL(`${base.href.replace(/\/+$/, '')}${path}`);
}
