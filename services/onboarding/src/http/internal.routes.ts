import { requireInternalKey, requireJsonBody, requireTenant, tenantOf, wholeNumberParam } from '@chatpilot/http';
import { Router, type Request } from 'express';
import type { z } from 'zod';

import { checkEligibility, type CheckEligibilityDeps } from '../app/check-eligibility';
import { getSession, listSessions } from '../app/get-session';
import type { TransactionRunner } from '../app/ports';
import { startOnboarding, type StartOnboardingDeps, type StartOutcome } from '../app/start-onboarding';
import { disableRequestSchema } from '../domain/disable-request';
import { isSessionStatus } from '../domain/session';
import { IDEMPOTENCY_KEY_PATTERN, startRequestSchema } from '../domain/start-request';
import { httpError } from './http-errors';
import { presentEligibility, presentSession, presentStarted } from './session-presenter';
import type { SessionStreams } from './session-streams';

export interface InternalRouteDeps {
  internalApiKeys: readonly string[];
  runner: TransactionRunner;
  start: StartOnboardingDeps;
  eligibility: CheckEligibilityDeps;
  streams: SessionStreams;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_LIST_LIMIT = 20;
const MAX_LIST_LIMIT = 100;

/** The API ChatPilot's backend-for-frontend calls, with X-Internal-Key and X-Tenant-Id. */
export function internalRoutes(deps: InternalRouteDeps): Router {
  const router = Router();
  router.use('/onboarding', requireInternalKey(deps.internalApiKeys), requireTenant());

  router.get('/onboarding/coexistence/eligibility', async (req, res) => {
    res.json(presentEligibility(await checkEligibility(deps.eligibility, tenantOf(req))));
  });

  router.post('/onboarding/coexistence/start', requireJsonBody(), async (req, res) => {
    const request = parseBody(req, startRequestSchema);
    const outcome = await startOnboarding({ ...deps.start, logger: req.log }, { tenantId: tenantOf(req), request, idempotencyKey: idempotencyKeyOf(req) });
    if (outcome.kind === 'refused') throw refusal(outcome);
    if (outcome.kind === 'replayed') res.set('idempotent-replayed', 'true');
    res.status(201).json(presentStarted(outcome.session, outcome.onboardingUrl));
  });

  router.put('/onboarding/coexistence/disabled', requireJsonBody(), async (req, res) => {
    const { reason } = parseBody(req, disableRequestSchema);
    await deps.runner.reader.tenants.setDisabled(tenantOf(req), true, reason ?? null);
    res.status(204).end();
  });

  router.delete('/onboarding/coexistence/disabled', async (req, res) => {
    await deps.runner.reader.tenants.setDisabled(tenantOf(req), false, null);
    res.status(204).end();
  });

  router.get('/onboarding/sessions', async (req, res) => {
    const sessions = await listSessions(deps.runner.reader, tenantOf(req), listFilterOf(req));
    res.json({ sessions: sessions.map(presentSession) });
  });

  router.get('/onboarding/session/:id', async (req, res) => {
    const details = await getSession(deps.runner.reader, tenantOf(req), sessionIdOf(req));
    if (details === undefined) throw httpError('SESSION_NOT_FOUND');
    res.json(presentSession(details));
  });

  router.get('/onboarding/session/:id/events', async (req, res) => {
    await deps.streams.follow(req, res, tenantOf(req), sessionIdOf(req));
  });
  return router;
}

/** An absent body is an empty object: every field of these requests is optional. */
function parseBody<Schema extends z.ZodType>(req: Request, schema: Schema): z.output<Schema> {
  const parsed = schema.safeParse(req.body ?? {});
  if (parsed.success) return parsed.data;
  throw httpError('VALIDATION_FAILED', parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', problem: issue.message })));
}

function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) throw httpError('VALIDATION_FAILED', [{ field: 'Idempotency-Key', problem: 'must be 1-255 printable characters' }]);
  return key;
}

function refusal(outcome: Extract<StartOutcome, { kind: 'refused' }>) {
  return outcome.activeSessionId === undefined ? httpError(outcome.code) : httpError(outcome.code, { session_id: outcome.activeSessionId });
}

/** A malformed id cannot name a session: the same 404 as another tenant's. */
function sessionIdOf(req: Request): string {
  const id = String(req.params.id);
  if (!UUID.test(id)) throw httpError('SESSION_NOT_FOUND');
  return id.toLowerCase();
}

function listFilterOf(req: Request) {
  const { status, limit } = req.query;
  if (status !== undefined && (typeof status !== 'string' || !isSessionStatus(status))) {
    throw httpError('VALIDATION_FAILED', [{ field: 'status', problem: 'must be a session status' }]);
  }
  const parsedLimit = limit === undefined ? DEFAULT_LIST_LIMIT : wholeNumberParam(limit);
  if (parsedLimit === undefined || parsedLimit < 1 || parsedLimit > MAX_LIST_LIMIT) {
    throw httpError('VALIDATION_FAILED', [{ field: 'limit', problem: `must be a whole number from 1 to ${MAX_LIST_LIMIT}` }]);
  }
  return { status, limit: parsedLimit };
}
