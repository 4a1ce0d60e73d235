import { randomUUID } from 'node:crypto';

import type { Logger } from '@chatpilot/logger';

import { countedChannelIds } from '../domain/channel-limit';
import { buildOnboardingUrl } from '../domain/onboarding-link';
import { isTerminal, type OnboardingSession } from '../domain/session';
import { fingerprintStartRequest, prefillOf, type StartRequest } from '../domain/start-request';
import { issueStateToken } from '../domain/state-token';
import { applyCommands } from './apply-commands';
import type { ChannelRegistry, Clock, OnboardingStore, SessionMetrics, TransactionRunner } from './ports';

export interface StartOnboardingSettings {
  /** undefined: onboarding is not configured. */
  permissionPageUrl: string | undefined;
  publicBaseUrl: string;
  stateTtlMs: number;
  maxChannelsPerTenant: number;
}

export interface StartOnboardingDeps {
  runner: TransactionRunner;
  registry: ChannelRegistry;
  clock: Clock;
  metrics: SessionMetrics;
  logger: Logger;
  settings: StartOnboardingSettings;
}

export interface StartCommand {
  tenantId: string;
  request: StartRequest;
  idempotencyKey?: string;
}

export type StartRefusal = 'ONBOARDING_NOT_CONFIGURED' | 'TENANT_DISABLED' | 'ACTIVE_SESSION_EXISTS' | 'IDEMPOTENCY_KEY_REUSED' | 'CHANNEL_LIMIT_REACHED';

export type StartOutcome =
  /** `onboardingUrl` is null when a replayed session has already left `pending`. */
  | { kind: 'started' | 'replayed'; session: OnboardingSession; onboardingUrl: string | null }
  | { kind: 'refused'; code: StartRefusal; activeSessionId?: string };

/**
 * A tenant's starts take turns (`lockStarts`), so a start loses a race only to a callback that
 * used the state it was replaying; the next attempt sees that.
 */
const MAX_ATTEMPTS = 3;

/** Thrown inside the transaction so that whatever it wrote is rolled back before the retry. */
class RaceLostError extends Error {}

/** `POST /onboarding/coexistence/start`: a pending session and the 360dialog permission URL. */
export async function startOnboarding(deps: StartOnboardingDeps, command: StartCommand): Promise<StartOutcome> {
  const { permissionPageUrl } = deps.settings;
  if (permissionPageUrl === undefined) return { kind: 'refused', code: 'ONBOARDING_NOT_CONFIGURED' };
  // Asked before the transaction: a registry call must not hold the tenant's start lock and a connection.
  const limitReached = await channelLimitReached(deps, command.tenantId);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await deps.runner.inTransaction((store) => startInTransaction(deps, store, command, { permissionPageUrl, limitReached }));
    } catch (error) {
      if (!(error instanceof RaceLostError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

async function startInTransaction(
  deps: StartOnboardingDeps,
  store: OnboardingStore,
  command: StartCommand,
  { permissionPageUrl, limitReached }: { permissionPageUrl: string; limitReached: boolean },
): Promise<StartOutcome> {
  await store.tenants.lockStarts(command.tenantId);
  if (await store.tenants.isDisabled(command.tenantId)) return { kind: 'refused', code: 'TENANT_DISABLED' };
  const fingerprint = fingerprintStartRequest(command.request);
  if (command.idempotencyKey !== undefined) {
    const earlier = await store.sessions.findByIdempotencyKey(command.tenantId, command.idempotencyKey);
    if (earlier !== undefined) return replay(deps, store, earlier, fingerprint, permissionPageUrl);
  }
  const active = await store.sessions.findActiveForTenant(command.tenantId);
  if (active !== undefined && command.request.replace !== true) return { kind: 'refused', code: 'ACTIVE_SESSION_EXISTS', activeSessionId: active.id };
  if (limitReached) return { kind: 'refused', code: 'CHANNEL_LIMIT_REACHED' };
  if (active !== undefined) await supersede(deps, store, active);

  const state = issueStateToken();
  const session = newSession(deps, command, fingerprint);
  if ((await store.sessions.insert(session, state.hash)) === 'conflict') throw new RaceLostError('another start created a session first');
  store.afterCommit(() => deps.metrics.started());
  deps.logger.info({ session_id: session.id, tenant_id: session.tenantId, replaced: active?.id }, 'onboarding session started');
  return { kind: 'started', session, onboardingUrl: onboardingUrl(deps, permissionPageUrl, session, state.token) };
}

/** Same key, same session; its URL gets a fresh state, since only the old token's hash was kept. */
async function replay(
  deps: StartOnboardingDeps,
  store: OnboardingStore,
  session: OnboardingSession,
  fingerprint: string,
  permissionPageUrl: string,
): Promise<StartOutcome> {
  if (session.requestFingerprint !== fingerprint) return { kind: 'refused', code: 'IDEMPOTENCY_KEY_REUSED' };
  const stillUsable = session.status === 'pending' && session.stateUsedAt === null && session.stateExpiresAt > deps.clock.now();
  if (!stillUsable) return { kind: 'replayed', session, onboardingUrl: null };
  const state = issueStateToken();
  if (!(await store.sessions.replaceStateHash(session.id, session.version, state.hash))) throw new RaceLostError('the session changed during the replay');
  const current = { ...session, version: session.version + 1 };
  return { kind: 'replayed', session: current, onboardingUrl: onboardingUrl(deps, permissionPageUrl, current, state.token) };
}

async function supersede(deps: StartOnboardingDeps, store: OnboardingStore, active: OnboardingSession): Promise<void> {
  const locked = await store.sessions.findById(active.id, 'wait');
  if (locked === undefined || isTerminal(locked.status)) return;
  const superseded = await applyCommands(store, deps.metrics, locked, [{ kind: 'fail', code: 'SUPERSEDED', at: deps.clock.now() }]);
  if (superseded === undefined) throw new RaceLostError('the active session changed while being superseded');
}

/** Checked when the registry answers; when it does not, linking re-checks before any channel is added. */
async function channelLimitReached(deps: StartOnboardingDeps, tenantId: string): Promise<boolean> {
  try {
    const channels = await deps.registry.listTenantChannels(tenantId);
    return countedChannelIds(channels).size >= deps.settings.maxChannelsPerTenant;
  } catch (error) {
    deps.logger.warn({ err: error, tenant_id: tenantId }, 'channel count unavailable at start; linking will check it');
    return false;
  }
}

function newSession(deps: StartOnboardingDeps, command: StartCommand, requestFingerprint: string): OnboardingSession {
  const now = deps.clock.now();
  return {
    id: randomUUID(),
    tenantId: command.tenantId,
    status: 'pending',
    version: 1,
    stateExpiresAt: new Date(now.getTime() + deps.settings.stateTtlMs),
    stateUsedAt: null,
    prefill: prefillOf(command.request),
    idempotencyKey: command.idempotencyKey ?? null,
    requestFingerprint,
    clientId: null,
    channelIds: [],
    revokedChannelIds: [],
    callbackFingerprint: null,
    error: null,
    createdAt: now,
    updatedAt: now,
    callbackReceivedAt: null,
    channelsLinkedAt: null,
    activatingAt: null,
    completedAt: null,
    failedAt: null,
  };
}

function onboardingUrl(deps: StartOnboardingDeps, permissionPageUrl: string, session: OnboardingSession, stateToken: string): string {
  return buildOnboardingUrl({ permissionPageUrl, publicBaseUrl: deps.settings.publicBaseUrl, stateToken, prefill: session.prefill });
}
