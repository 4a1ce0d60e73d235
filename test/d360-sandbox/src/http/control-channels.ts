import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { CHANNEL_STAGES, stageFacts } from '../domain/channel-stage';
import { decidePermission } from '../domain/permission-form';
import type { ChannelRecord } from '../domain/records';
import { buildRedirectUrl } from '../domain/redirect-url';
import type { ChannelSnapshot, OnboardRequest, OnboardResult } from '../control/control-types';
import { SYNC_KINDS } from '../lifecycle/coexistence-sync-runner';
import type { SandboxContext } from '../sandbox-context';
import { ON_DEMAND_EVENTS } from '../webhooks/partner-events';
import { notFound, parseBody } from './control-validation';

const onboardSchema = z
  .object({
    phoneNumbers: z.array(z.string()),
    coexistence: z.boolean().optional(),
    shareHistory: z.boolean().optional(),
    displayName: z.string().optional(),
    email: z.string().optional(),
    partnerPayload: z.string().optional(),
    clientId: z.string().optional(),
    redirectUrl: z.string().optional(),
    state: z.string().optional(),
    revokeChannelIds: z.array(z.string()).optional(),
  })
  .strict() satisfies z.ZodType<OnboardRequest>;

type Handler = (channel: ChannelRecord, req: Request, res: Response) => unknown;

/** Control routes for clients and channels: inspect, drive the status, raise events, onboard headlessly. */
export function controlChannelsRouter(ctx: SandboxContext): Router {
  const { store } = ctx;
  const router = express.Router();
  router.get('/clients', (_req, res) => res.json({ clients: store.allClients() }));
  router.get('/channels', (_req, res) => res.json({ channels: store.allChannels().map((c) => snapshot(ctx, c)) }));
  router.post('/onboard', async (req, res) => {
    const body = parseBody(onboardSchema, req.body, res);
    if (body !== undefined) await onboard(ctx, body, res);
  });
  mountChannelRoutes(router, ctx);
  return router;
}

function mountChannelRoutes(router: Router, ctx: SandboxContext): void {
  const { store } = ctx;
  const withChannel = (handler: Handler) => (req: Request, res: Response) => {
    const channel = store.channel(String(req.params.id));
    return channel === undefined ? notFound(res, 'Channel') : handler(channel, req, res);
  };
  router.get('/channels/:id', withChannel((channel, _req, res) => res.json(snapshot(ctx, channel))));
  router.patch('/channels/:id', withChannel((channel, req, res) => {
    const body = parseBody(z.object({ qualityRating: z.string().nullable().optional(), messagingLimit: z.string().nullable().optional() }).strict(), req.body, res);
    if (body === undefined) return;
    if (body.qualityRating !== undefined) channel.qualityRating = body.qualityRating;
    if (body.messagingLimit !== undefined) channel.messagingLimit = body.messagingLimit;
    res.json(snapshot(ctx, channel));
  }));
  router.post('/channels/:id/status', withChannel(async (channel, req, res) => {
    const body = parseBody(z.object({ status: z.enum(CHANNEL_STAGES) }).strict(), req.body, res);
    if (body === undefined) return;
    await ctx.progression.enterStage(channel, body.status);
    res.json(snapshot(ctx, channel));
  }));
  router.post('/channels/:id/advance', withChannel((channel, _req, res) => {
    if (ctx.progression.advance(channel) === undefined) return res.status(409).json({ error: 'already_live', message: 'The channel is live already' });
    res.json(snapshot(ctx, channel));
  }));
  router.post('/channels/:id/events', withChannel(async (channel, req, res) => {
    const body = parseBody(z.object({ event: z.enum(ON_DEMAND_EVENTS), data: z.record(z.string(), z.unknown()).optional() }).strict(), req.body, res);
    if (body === undefined) return;
    if (body.event === 'cancellation_processed') channel.terminatedAt ??= new Date().toISOString();
    const event = ctx.events.onDemand(body.event, channel, store.client(channel.clientId)!, body.data ?? {});
    await ctx.sender.send(event);
    res.status(201).json({ eventId: event.id });
  }));
  router.post('/channels/:id/coexistence-sync', withChannel((channel, req, res) => {
    const body = parseBody(z.object({ kinds: z.array(z.enum(SYNC_KINDS)).optional() }).strict(), req.body, res);
    if (body === undefined) return;
    if (!channel.coexistence) return res.status(409).json({ error: 'not_coexistence', message: 'The channel was not onboarded with coexistence' });
    res.json({ started: ctx.coexistence.start(channel, body.kinds) });
  }));
}

async function onboard(ctx: SandboxContext, body: OnboardRequest, res: Response): Promise<void> {
  const link = { email: body.email, partnerPayload: body.partnerPayload, clientId: body.clientId };
  // The same choice the permission page offers a returning client: untick a number to revoke it.
  const client = ctx.grants.existingClient(link);
  const existing = client === undefined ? [] : ctx.store.channelsOfClient(client.id).filter((c) => !c.permissionRevoked).map((c) => c.id);
  const revoke = new Set(body.revokeChannelIds ?? []);
  const decision = decidePermission({
    existing_channel: existing,
    keep_channel: existing.filter((id) => !revoke.has(id)),
    phone_numbers: body.phoneNumbers,
    display_name: body.displayName,
    email: body.email,
    coexistence: body.coexistence === false ? undefined : 'on',
    share_history: body.shareHistory === false ? 'no' : 'yes',
  });
  if (decision.kind !== 'grant') {
    res.status(400).json({ error: 'invalid_request', message: decision.kind === 'invalid' ? decision.problem : 'cancelled' });
    return;
  }
  const outcome = await ctx.grants.grant(decision.grant, link);
  const redirectUrl = body.redirectUrl ?? ctx.store.partner.redirectUrl;
  const { settings } = ctx.store;
  const result: OnboardResult = {
    clientId: outcome.client.id,
    channelIds: outcome.channelIds,
    revokedIds: outcome.revokedIds,
    redirectLocation:
      redirectUrl === null
        ? null
        : buildRedirectUrl({
            redirectUrl,
            clientId: outcome.client.id,
            channelIds: outcome.channelIds,
            revokedIds: outcome.revokedIds,
            ...(settings.echoState && body.state !== undefined ? { state: body.state } : {}),
            malformed: settings.malformedRedirect,
          }),
  };
  res.status(201).json(result);
}

function snapshot(ctx: SandboxContext, channel: ChannelRecord): ChannelSnapshot {
  return { ...channel, status: stageFacts(channel.stage).status, apiKeys: ctx.store.apiKeysOf(channel.id, { includeRevoked: true }) };
}
