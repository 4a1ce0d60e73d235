import express, { type Router } from 'express';
import { z } from 'zod';
import { FAULT_KINDS } from '../domain/fault-rules';
import type { FaultInput, SandboxInfo, Surface } from '../control/control-types';
import type { SandboxContext } from '../sandbox-context';
import { applySettingsPatch, settingsPatchSchema } from '../state/settings';
import { controlChannelsRouter } from './control-channels';
import { notFound, parseBody } from './control-validation';

const faultSchema = z
  .object({
    path: z.string().startsWith('/'),
    kind: z.enum(FAULT_KINDS),
    method: z.string().optional(),
    rate: z.number().min(0).max(1).optional(),
    latencyMs: z.number().int().min(0).optional(),
    retryAfterSeconds: z.number().int().min(0).optional(),
    times: z.number().int().min(1).optional(),
  })
  .strict() satisfies z.ZodType<FaultInput>;

/** The sandbox's own control API under `/sandbox`; tests, the demo and benchmarks drive it. */
export function controlApiRouter(ctx: SandboxContext): Router {
  const router = express.Router();
  router.use(express.json());
  mountWorldRoutes(router, ctx);
  mountObservationRoutes(router, ctx);
  mountFaultRoutes(router, ctx);
  router.use(controlChannelsRouter(ctx));
  return router;
}

/** Info, reset, settings and the platform secret. */
function mountWorldRoutes(router: Router, ctx: SandboxContext): void {
  const { store } = ctx;
  router.get('/info', (_req, res) => res.json(sandboxInfo(ctx)));
  router.post('/reset', (_req, res) => {
    ctx.scheduler.cancelAll();
    ctx.sender.reset();
    store.reset();
    res.status(204).end();
  });
  router.get('/settings', (_req, res) => res.json(store.settings));
  router.patch('/settings', (req, res) => {
    const patch = parseBody(settingsPatchSchema, req.body, res);
    if (patch === undefined) return;
    store.settings = applySettingsPatch(store.settings, patch);
    res.json(store.settings);
  });
  router.post('/platform-secret', (req, res) => {
    const body = parseBody(z.object({ secret: z.string().min(8).optional() }).strict(), req.body, res);
    if (body === undefined) return;
    store.platformSecret = body.secret ?? ctx.ids.secret();
    res.json({ platformSecret: store.platformSecret });
  });
}

/** What the sandbox received (requests) and sent (webhook deliveries with their attempts). */
function mountObservationRoutes(router: Router, ctx: SandboxContext): void {
  const { store } = ctx;
  router.get('/requests', (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const surface = q.surface as Surface | undefined;
    res.json({ requests: store.requests.list({ surface, method: q.method, pathPrefix: q.pathPrefix }) });
  });
  router.delete('/requests', (_req, res) => {
    store.requests.clear();
    res.status(204).end();
  });
  router.get('/webhooks', (req, res) => {
    const event = typeof req.query.event === 'string' ? req.query.event : undefined;
    res.json({ deliveries: ctx.sender.list().filter((d) => event === undefined || d.event === event) });
  });
}

function mountFaultRoutes(router: Router, { store }: SandboxContext): void {
  router.get('/faults', (_req, res) => res.json({ faults: store.faults.list() }));
  router.post('/faults', (req, res) => {
    const input = parseBody(faultSchema, req.body, res);
    if (input === undefined) return;
    const { times, rate, ...rest } = input;
    res.status(201).json(store.faults.add({ ...rest, rate: rate ?? 1, ...(times === undefined ? {} : { remaining: times }) }));
  });
  router.delete('/faults', (_req, res) => {
    store.faults.clear();
    res.status(204).end();
  });
  router.delete('/faults/:id', (req, res) => (store.faults.remove(req.params.id) ? res.status(204).end() : notFound(res, 'Fault')));
}

export function sandboxInfo(ctx: SandboxContext): SandboxInfo {
  const { store, urls } = ctx;
  const base = urls.base();
  return {
    partnerId: store.partner.id,
    urls: {
      base,
      permissionPage: `${base}/dashboard/app/${store.partner.id}/permissions`,
      partnerApi: `${base}/api/v2`,
      messagingApi: urls.messaging(),
      control: `${base}/sandbox`,
    },
    credentials: { ...store.credentials },
    platformSecret: store.platformSecret,
    webhookUrl: store.partner.webhookUrl,
    redirectUrl: store.partner.redirectUrl,
  };
}
