import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Express } from 'express';
import { createIdGenerator, type IdGenerator } from './domain/ids';
import { buildApp } from './http/app';
import { sandboxInfo } from './http/control-api';
import { ChannelProgression } from './lifecycle/channel-progression';
import { CoexistenceSyncRunner } from './lifecycle/coexistence-sync-runner';
import { PermissionGrantHandler } from './lifecycle/permission-grant';
import { silentLogger, type SandboxLogger } from './logger';
import type { SandboxContext } from './sandbox-context';
import type { SandboxInfo } from './control/control-types';
import { SandboxStore } from './state/sandbox-store';
import { createScheduler } from './state/scheduler';
import { applySettingsPatch, DEFAULT_SETTINGS, settingsPatchSchema, type SettingsPatch, type StatusSchedule } from './state/settings';
import { PartnerEventFactory } from './webhooks/partner-events';
import { WebhookSender } from './webhooks/webhook-sender';

export interface SandboxOptions {
  /** Defaults to `sandbxPA` (360dialog partner ids end in `PA`). */
  partnerId?: string;
  partnerName?: string;
  /** Signs partner webhooks; random when absent. */
  platformSecret?: string;
  /** The partner's `X-API-Key`; random when absent. */
  partnerApiKey?: string;
  partnerUsername?: string;
  /** Random when absent. */
  partnerPassword?: string;
  /** Public base URL; defaults to the bound `http://host:port`. */
  publicUrl?: string;
  /** The Messaging API base handed out as keys' `address`; defaults to `{publicUrl}/messaging`. */
  messagingBaseUrl?: string;
  /** The partner webhook URL (`webhook_url`). */
  webhookUrl?: string;
  /** The partner hub's redirect URL (`partner_redirect_url`). */
  redirectUrl?: string;
  statusSchedule?: StatusSchedule;
  /** Any other initial setting; `reset` returns to these. */
  settings?: SettingsPatch;
  logger?: SandboxLogger;
}

export interface Sandbox {
  app: Express;
  start(port?: number, host?: string): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
  /** The in-memory world, for in-process composition; tests should use the control API. */
  state: SandboxStore;
  info(): SandboxInfo;
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const ids = createIdGenerator();
  const logger = options.logger ?? silentLogger;
  const store = createStore(options, ids);
  let boundUrl: string | undefined;
  const base = (): string => (options.publicUrl ?? boundUrl ?? 'http://127.0.0.1').replace(/\/+$/, '');
  const ctx = buildContext(store, ids, logger, { base, messaging: () => options.messagingBaseUrl ?? `${base()}/messaging` });
  const app = buildApp(ctx);
  let server: Server | undefined;

  return {
    app,
    state: store,
    info: () => sandboxInfo(ctx),
    async start(port = 0, host = '127.0.0.1') {
      server = await listen(app, port, host);
      const bound = (server.address() as AddressInfo).port;
      boundUrl = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
      logger.info({ url: base(), partnerId: store.partner.id }, 'sandbox listening');
      return { url: base(), port: bound };
    },
    async stop() {
      ctx.scheduler.cancelAll();
      ctx.sender.reset();
      if (server !== undefined) await close(server);
      server = undefined;
    },
  };
}

function createStore(options: SandboxOptions, ids: IdGenerator): SandboxStore {
  const schedule = options.statusSchedule === undefined ? {} : { statusSchedule: options.statusSchedule };
  const patch = settingsPatchSchema.parse({ ...options.settings, ...schedule });
  return new SandboxStore(
    {
      partner: {
        id: options.partnerId ?? 'sandbxPA',
        brandName: options.partnerName ?? 'ChatPilot Sandbox Partner',
        webhookUrl: options.webhookUrl ?? null,
        redirectUrl: options.redirectUrl ?? null,
      },
      credentials: {
        partnerApiKey: options.partnerApiKey ?? ids.secret(),
        username: options.partnerUsername ?? 'partner@sandbox.test',
        password: options.partnerPassword ?? ids.secret(),
      },
      platformSecret: options.platformSecret ?? ids.secret(),
      settings: applySettingsPatch(DEFAULT_SETTINGS, patch),
    },
    ids,
  );
}

function buildContext(store: SandboxStore, ids: IdGenerator, logger: SandboxLogger, urls: SandboxContext['urls']): SandboxContext {
  const scheduler = createScheduler();
  const random = Math.random;
  const events = new PartnerEventFactory(ids);
  const sender = new WebhookSender({ store, scheduler, random, logger });
  const deps = { store, sender, events, scheduler, ids, logger };
  const coexistence = new CoexistenceSyncRunner(deps);
  const progression = new ChannelProgression(deps, coexistence);
  const grants = new PermissionGrantHandler(deps, progression);
  return { ...deps, coexistence, progression, grants, urls, random };
}

function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}

function close(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive sockets (webhook senders, browsers) would otherwise hold close() open.
  server.closeAllConnections();
  return closed;
}
