import type { RawBodyVerifier } from '@chatpilot/http';
import { Router, type Request, type RequestHandler } from 'express';

import type { IngestResult, WebhookDelivery } from '../app/ingest-webhook';
import { isValidChannelId, type WebhookRoute } from '../domain/incoming-webhook';
import { webhookError, WebhookErrorCode, type WebhookError } from '../domain/webhook-errors';
import { toHttpError } from './webhook-error.mapper';

export const WEBHOOK_PREFIXES = ['/webhooks', '/webhook'] as const;
export const SIGNATURE_HEADER = 'x-360dialog-signature';

export interface WebhookRoutesDeps {
  ingest(delivery: WebhookDelivery): Promise<IngestResult>;
  retryAfterSeconds: number;
}

/** For `createHttpApp`'s `verifyRawBody`: refuses a badly signed webhook before its body is parsed. */
export function webhookSignatureCheck(deps: { check(rawBody: Buffer, signature: string | undefined): WebhookError | undefined; retryAfterSeconds: number }): RawBodyVerifier {
  return (req, res, rawBody) => {
    const error = deps.check(rawBody, req.get(SIGNATURE_HEADER));
    if (error) throw toHttpError(error, res, deps.retryAfterSeconds);
  };
}

/** The public 360dialog endpoints; mounted under `/webhooks` and the legacy `/webhook`. */
export function webhookRouter(deps: WebhookRoutesDeps): Router {
  const router = Router();
  router.post('/360dialog', receive(deps, () => ({ source: 'partner' })));
  router.post(
    '/360dialog/channels/:channel_id',
    receive(deps, (req) => ({ source: 'channel', channelId: String(req.params.channel_id) })),
  );
  return router;
}

function receive(deps: WebhookRoutesDeps, routeOf: (req: Request) => WebhookRoute): RequestHandler {
  return async (req, res) => {
    const receivedAt = new Date();
    if (!req.is('application/json')) {
      throw toHttpError(webhookError(WebhookErrorCode.UNSUPPORTED_CONTENT_TYPE, 'Content-Type must be application/json'), res, deps.retryAfterSeconds);
    }
    const route = routeOf(req);
    if (route.source === 'channel' && !isValidChannelId(route.channelId)) {
      throw toHttpError(webhookError(WebhookErrorCode.INVALID_CHANNEL_ID, 'The channel id in the path is not valid'), res, deps.retryAfterSeconds);
    }
    const result = await deps.ingest({
      rawBody: req.rawBody ?? Buffer.alloc(0),
      body: req.body as unknown,
      signature: req.get(SIGNATURE_HEADER),
      route,
      receivedAt,
    });
    if (!result.ok) throw toHttpError(result.error, res, deps.retryAfterSeconds);
    res.status(200).json({ duplicate: result.duplicate });
  };
}
