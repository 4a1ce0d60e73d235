import type { Logger } from '@chatpilot/logger';

import { decideCallback, type CallbackRedirect } from '../domain/callback-decision';
import { parseCallbackQuery } from '../domain/callback-query';
import { hashStateToken } from '../domain/state-token';
import { applyCommands } from './apply-commands';
import type { Clock, SessionMetrics, TransactionRunner } from './ports';

export interface HandleCallbackDeps {
  runner: TransactionRunner;
  clock: Clock;
  metrics: SessionMetrics;
  logger: Logger;
}

export interface CallbackRequest {
  /** The request URL exactly as received (path and raw query). */
  rawUrl: string;
  /** The signed-in tenant, when ChatPilot's backend forwarded the redirect with its internal key. */
  tenantHint?: string;
}

/** Another callback with the same state committed between our read and our write. */
const MAX_ATTEMPTS = 3;

/**
 * The 360dialog redirect (DESIGN.md §1 step 4): validates and consumes the state once, records
 * the grant and starts the saga. Always resolves with where to send the browser; a failure of
 * our own becomes TEMPORARILY_UNAVAILABLE, never an exception.
 */
export async function handleCallback(deps: HandleCallbackDeps, request: CallbackRequest): Promise<CallbackRedirect> {
  const redirect = await answer(deps, request).catch((error: unknown): CallbackRedirect => {
    deps.logger.error({ err: error }, 'callback could not be processed');
    return { kind: 'error', code: 'TEMPORARILY_UNAVAILABLE' };
  });
  deps.metrics.callbackAnswered(redirect.kind === 'success' ? 'success' : redirect.code);
  return redirect;
}

async function answer(deps: HandleCallbackDeps, request: CallbackRequest): Promise<CallbackRedirect> {
  const parsed = parseCallbackQuery(request.rawUrl);
  if (!parsed.ok) return { kind: 'error', code: parsed.code };
  const stateHash = hashStateToken(parsed.state);
  for (let attempt = 1; ; attempt += 1) {
    const outcome = await deps.runner.inTransaction(async (store) => {
      const session = await store.sessions.findByStateHash(stateHash);
      const decision = decideCallback({ session, grant: parsed.grant, now: deps.clock.now(), tenantHint: request.tenantHint });
      if (decision.kind === 'reject') return { kind: 'error', code: decision.code } as const;
      if (decision.kind === 'repeat' || session === undefined) return decision.redirect;
      const saved = await applyCommands(store, deps.metrics, session, decision.commands, { consumeState: true });
      if (saved !== undefined) {
        deps.logger.info({ session_id: session.id, tenant_id: session.tenantId, channels: parsed.grant.channelIds.length }, 'callback accepted');
        return decision.redirect;
      }
      // Unchanged row: only the database clock's expiry check can have refused the write.
      const current = await store.sessions.findById(session.id);
      return current?.version === session.version ? ({ kind: 'error', code: 'STATE_EXPIRED' } as const) : 'conflict';
    });
    if (outcome !== 'conflict') return outcome;
    if (attempt >= MAX_ATTEMPTS) throw new Error(`callback lost the race for its session ${MAX_ATTEMPTS} times`);
  }
}
