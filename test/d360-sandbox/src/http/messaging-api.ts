import express, { type Request, type Response, type Router } from 'express';
import { checkCloudApiMessage } from '../domain/cloud-api-message';
import type { IdGenerator } from '../domain/ids';
import type { ChannelRecord } from '../domain/records';
import type { CoexistenceSyncRunner, SyncKind } from '../lifecycle/coexistence-sync-runner';
import type { SandboxStore } from '../state/sandbox-store';
import { sendGraphError, sendHubError } from './hub-errors';
import { isHttpUrl } from './partner-api';

export interface MessagingApiDeps {
  store: SandboxStore;
  ids: IdGenerator;
  coexistence: CoexistenceSyncRunner;
}

type ChannelResponse = Response<unknown, { channel: ChannelRecord }>;

/**
 * The Messaging API subset (docs: Messaging API basics, "Coexistence" API reference), mounted
 * on its own base like `https://waba-v2.360dialog.io`. Only a channel's current key works.
 */
export function messagingApiRouter(deps: MessagingApiDeps): Router {
  const { store } = deps;
  const router = express.Router();
  router.use((req, res: ChannelResponse, next) => {
    const channel = store.channelForApiKey(req.get('d360-api-key') ?? '');
    if (channel === undefined) return sendHubError(res, 401, 'Invalid api key');
    res.locals.channel = channel;
    next();
  });

  router.post('/v1/configs/webhook', (req, res: ChannelResponse) => {
    const url = (req.body as { url?: unknown } | undefined)?.url;
    if (!isHttpUrl(url)) return sendHubError(res, 400, 'url must be an http(s) URL');
    res.locals.channel.webhookUrl = url;
    res.json({ url });
  });
  router.get('/v1/configs/webhook', (_req, res: ChannelResponse) => res.json({ url: res.locals.channel.webhookUrl }));
  router.post('/messages', (req, res: ChannelResponse) => sendMessage(deps, req, res));
  router.post('/synchronization', (req, res: ChannelResponse) => synchronize(deps, req, res));
  return router;
}

function sendMessage(deps: MessagingApiDeps, req: Request, res: ChannelResponse): void {
  const check = checkCloudApiMessage(req.body);
  if (!check.ok) return sendGraphError(res, 400, 100, '(#100) Invalid parameter', check.details);
  res.json({
    messaging_product: 'whatsapp',
    contacts: [{ input: check.to, wa_id: check.to.replace(/\D/g, '') }],
    messages: [{ id: deps.ids.wamid() }],
  });
}

/**
 * Body schema is not shown in the docs; Meta's `sync_type` (`smb_app_state_sync` | `history`)
 * is accepted, and an empty body asks for both. Each sync runs once, as with Meta.
 */
function synchronize(deps: MessagingApiDeps, req: Request, res: ChannelResponse): void {
  const channel = res.locals.channel;
  if (!channel.coexistence) return sendGraphError(res, 400, 100, '(#100) Invalid parameter', 'This phone number is not onboarded with the WhatsApp Business app (coexistence).');
  const syncType = (req.body as { sync_type?: unknown } | undefined)?.sync_type;
  if (syncType !== undefined && syncType !== 'smb_app_state_sync' && syncType !== 'history') {
    return sendGraphError(res, 400, 100, '(#100) Invalid parameter', 'sync_type must be smb_app_state_sync or history.');
  }
  const kinds: SyncKind[] = syncType === undefined ? ['smb_app_state_sync', 'history'] : [syncType];
  if (deps.coexistence.start(channel, kinds).length === 0) {
    return sendGraphError(res, 400, 100, '(#100) Invalid parameter', 'Synchronization was already requested for this phone number.');
  }
  res.json({ messaging_product: 'whatsapp', request_id: deps.ids.eventId() });
}
