import express, { type Request, type Response, type Router } from 'express';
import { partnerChannelView } from '../domain/channel-view';
import { applyListQuery, parseListQuery, type RawListQuery } from '../domain/list-query';
import type { ApiKeyRecord, ChannelRecord } from '../domain/records';
import type { SandboxStore } from '../state/sandbox-store';
import { sendHubError } from './hub-errors';
import { issueToken, partnerAuth } from './partner-auth';

export interface PartnerApiDeps {
  store: SandboxStore;
  /** The Messaging API base handed out as a key's `address`. */
  messagingBaseUrl: () => string;
}

/** The Partner API v2 subset under `/api/v2` (docs: Partner API reference; see README). */
export function partnerApiRouter(deps: PartnerApiDeps): Router {
  const { store } = deps;
  const router = express.Router();
  router.post('/token', issueToken(store));
  router.use(partnerAuth(store));
  router.use('/partners/:partnerId', (req, res, next) => {
    if (req.params.partnerId !== store.partner.id) return sendHubError(res, 403, 'You do not have access to this partner');
    next();
  });

  router.get('/partners/:partnerId', (_req, res) => res.json(partnerView(store)));
  router.patch('/partners/:partnerId', (req, res) => updatePartner(store, req, res));
  router.get('/partners/:partnerId/webhook_url', (_req, res) => res.json({ webhook_url: store.partner.webhookUrl }));
  router.post('/partners/:partnerId/webhook_url', (req, res) => {
    const url = (req.body as { webhook_url?: unknown } | undefined)?.webhook_url;
    if (!isHttpUrl(url)) return sendHubError(res, 400, 'webhook_url must be an http(s) URL');
    store.partner.webhookUrl = url;
    res.json({ webhook_url: url });
  });
  router.get('/partners/:partnerId/channels', (req, res) => listChannels(store, req, res));
  router.get('/partners/:partnerId/channels/:channelId', (req, res) => {
    const channel = store.channel(req.params.channelId);
    if (channel === undefined) return sendHubError(res, 404, 'Channel not found');
    res.json(partnerChannelView(channel, store.client(channel.clientId)!));
  });
  mountApiKeyRoutes(router, deps);
  return router;
}

function mountApiKeyRoutes(router: Router, deps: PartnerApiDeps): void {
  const { store } = deps;
  const path = '/partners/:partnerId/channels/:channelId/api_keys';
  const withChannel = (handler: (channel: ChannelRecord, req: Request, res: Response) => void) => (req: Request, res: Response) => {
    const channel = store.channel(String(req.params.channelId));
    if (channel === undefined) return sendHubError(res, 404, 'Channel not found');
    handler(channel, req, res);
  };

  router.post(path, withChannel((channel, _req, res) => {
    if (channel.permissionRevoked) return sendHubError(res, 403, 'The client revoked the permission for this channel');
    const key = store.createApiKey(channel, deps.messagingBaseUrl());
    const created = { address: key.address, api_key: key.apiKey, app_id: key.appId, id: key.id };
    res.json(store.settings.apiKeyResponse === 'list' ? { api_keys: [created] } : created);
  }));
  router.get(path, withChannel((channel, _req, res) => {
    const keys = store.apiKeysOf(channel.id, { includeRevoked: false }).map(apiKeyView);
    res.json({ count: keys.length, api_keys: keys });
  }));
  router.delete(path, withChannel((channel, _req, res) => {
    store.revokeApiKeys(channel.id);
    res.status(204).end();
  }));
  router.delete(`${path}/:keyId`, withChannel((channel, req, res) => {
    if (store.revokeApiKeys(channel.id, String(req.params.keyId)) === 0) return sendHubError(res, 404, 'API key not found');
    res.status(204).end();
  }));
}

function listChannels(store: SandboxStore, req: Request, res: Response): void {
  const parsed = parseListQuery(req.query as RawListQuery);
  if (!parsed.ok) return sendHubError(res, 400, parsed.message);
  const views = store.allChannels().map((c) => partnerChannelView(c, store.client(c.clientId)!));
  const { page, total } = applyListQuery(views, parsed.query);
  const { filters, limit, offset, sort } = parsed.query;
  res.json({ count: page.length, filters, limit, offset, sort, total, partner_channels: page });
}

function updatePartner(store: SandboxStore, req: Request, res: Response): void {
  const body = (req.body ?? {}) as { webhook_url?: unknown; partner_redirect_url?: unknown };
  for (const field of ['webhook_url', 'partner_redirect_url'] as const) {
    if (body[field] !== undefined && !isHttpUrl(body[field])) return sendHubError(res, 400, `${field} must be an http(s) URL`);
  }
  if (typeof body.webhook_url === 'string') store.partner.webhookUrl = body.webhook_url;
  if (typeof body.partner_redirect_url === 'string') store.partner.redirectUrl = body.partner_redirect_url;
  res.json(partnerView(store));
}

function partnerView(store: SandboxStore): Record<string, unknown> {
  const { partner } = store;
  return {
    id: partner.id,
    brand_name: partner.brandName,
    logo_url: null,
    webhook_url: partner.webhookUrl,
    partner_redirect_url: partner.redirectUrl,
    country: 'DE',
    allow_client_to_add_phone_no: true,
  };
}

function apiKeyView(key: ApiKeyRecord): Record<string, unknown> {
  return { id: key.id, address: key.address, app_id: key.appId, created_at: key.createdAt };
}

export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
