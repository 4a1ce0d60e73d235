import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { waitFor } from '@chatpilot/testing';

import { FRONTEND_BASE_URL, ROTATED_INTERNAL_KEY } from './support/constants';
import { startOnboarding, type OnboardingInstance, type SessionJson } from './support/onboarding-instance';
import { expectOpenApiResponse } from './support/openapi';
import { metricValue, scrape } from './support/metrics';

const newTenant = () => `tenant-${randomUUID()}`;

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}
interface EligibilityBody {
  eligible: boolean;
  reasons: { code: string; message: string }[];
  active_session_id?: string;
  requirements: { stops_working: { code: string }[] };
}
interface SessionList {
  sessions: SessionJson[];
}

const bodyOf = async <T>(response: Response): Promise<T> => (await response.json()) as T;

/** The internal HTTP API against a real database; registry and vault are out of reach here. */
describe('onboarding HTTP API', () => {
  let onboarding: OnboardingInstance;

  beforeAll(async () => {
    onboarding = await startOnboarding('ob_http');
  });

  afterAll(async () => {
    await onboarding?.close();
  });

  describe('authentication and tenant scope', () => {
    const routes: [string, string][] = [
      ['GET', '/onboarding/coexistence/eligibility'],
      ['POST', '/onboarding/coexistence/start'],
      ['GET', '/onboarding/sessions'],
      ['GET', `/onboarding/session/${randomUUID()}`],
      ['GET', `/onboarding/session/${randomUUID()}/events`],
      ['PUT', '/onboarding/coexistence/disabled'],
    ];

    it.each(routes)('%s %s answers 401 without X-Internal-Key and with a wrong one', async (method, route) => {
      for (const [internalKey, code] of [
        [null, 'AUTH.INTERNAL_KEY_MISSING'],
        ['not-the-key', 'AUTH.INTERNAL_KEY_INVALID'],
      ] as const) {
        const response = await onboarding.call(newTenant(), route, { method, internalKey });
        expect(response.status).toBe(401);
        const body = await response.json();
        expect(body).toEqual({ error: { code, message: expect.any(String) } });
        expectOpenApiResponse(method === 'GET' ? 'get' : method === 'POST' ? 'post' : 'put', templateOf(route), 401, body);
      }
    });

    it('accepts every key of a rotation', async () => {
      expect((await onboarding.call(newTenant(), '/onboarding/sessions', { internalKey: ROTATED_INTERNAL_KEY })).status).toBe(200);
    });

    it('answers 400 without X-Tenant-Id', async () => {
      const response = await onboarding.call('', '/onboarding/sessions');
      expect(response.status).toBe(400);
      expectOpenApiResponse('get', '/onboarding/sessions', 400, await response.json());
    });

    it("answers 404 for another tenant's session, its event stream, and for ids that are not ids", async () => {
      const { json } = await onboarding.start(newTenant());
      for (const route of [`/onboarding/session/${json.session_id}`, `/onboarding/session/${json.session_id}/events`, '/onboarding/session/not-a-uuid']) {
        const response = await onboarding.call(newTenant(), route);
        expect(response.status).toBe(404);
        const body = await bodyOf<ErrorBody>(response);
        expect(body.error.code).toBe('SESSION_NOT_FOUND');
        expectOpenApiResponse('get', '/onboarding/session/{id}', 404, body);
      }
      expect(await onboarding.call(newTenant(), '/onboarding/sessions').then((r) => r.json())).toEqual({ sessions: [] });
    });

    it('answers 400 MALFORMED_URI for a session id that is not valid percent-encoding', async () => {
      for (const route of ['/onboarding/session/%FF', '/onboarding/session/%E0%A4%A/events']) {
        const response = await onboarding.call(newTenant(), route);
        expect(response.status).toBe(400);
        const body = await bodyOf<ErrorBody>(response);
        expect(body.error.code).toBe('MALFORMED_URI');
        expectOpenApiResponse('get', '/onboarding/session/{id}', 400, body);
      }
    });
  });

  describe('POST /onboarding/coexistence/start', () => {
    it('creates a pending session whose URL carries the state, the redirect URL with the state, and the pre-fill', async () => {
      const tenantId = newTenant();
      const { response, json } = await onboarding.start(tenantId, { phone_number: '+4915112345678', email: 'a@shop.example', name: 'Shop', lang: 'de' });
      expect(response.status).toBe(201);
      expectOpenApiResponse('post', '/onboarding/coexistence/start', 201, json);
      const link = new URL(json.onboarding_url!);
      expect(link.pathname).toBe('/dashboard/app/testPA/permissions');
      const state = link.searchParams.get('state')!;
      expect(Buffer.from(state, 'base64url')).toHaveLength(32);
      expect(link.searchParams.get('redirect_url')).toBe(`${onboarding.url}/onboarding/360/callback?state=${state}`);
      expect(Object.fromEntries([...link.searchParams].filter(([key]) => ['number', 'email', 'name', 'lang'].includes(key)))).toEqual({
        number: '+4915112345678',
        email: 'a@shop.example',
        name: 'Shop',
        lang: 'de',
      });
      const [row] = await onboarding.sql<{ state_hash: string }>('SELECT state_hash FROM onboarding_sessions WHERE id = $1', [json.session_id]);
      expect(row!.state_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(await onboarding.sql('SELECT * FROM onboarding_sessions'))).not.toContain(state);
      const expiresInMs = new Date(json.expires_at).getTime() - Date.now();
      expect(expiresInMs).toBeGreaterThan(1_790_000);
      expect(expiresInMs).toBeLessThanOrEqual(1_800_000);
    });

    it.each([
      [{ phone_number: '0151 1234' }, 'phone_number'],
      [{ email: 'nope' }, 'email'],
      [{ lang: 'fr' }, 'lang'],
      [{ unexpected: true }, '(body)'],
      [{ name: 'Shop\u0000' }, 'name'],
      [{ name: 'Shop \ud83d' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
    ])('refuses %j with 400 VALIDATION_FAILED naming the field', async (body, field) => {
      const { response, json } = await onboarding.start(newTenant(), body);
      expect(response.status).toBe(400);
      expect(json).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field })] } });
      expectOpenApiResponse('post', '/onboarding/coexistence/start', 400, json);
    });

    it.each(['text/plain', 'application/merge-patch+json'])('refuses a %s body with 415 instead of reading it as empty, and creates nothing', async (contentType) => {
      const tenantId = newTenant();
      const response = await onboarding.call(tenantId, '/onboarding/coexistence/start', { method: 'POST', headers: { 'content-type': contentType }, body: '{"name":"Shop"}' });
      expect(response.status).toBe(415);
      const body = await bodyOf<ErrorBody>(response);
      expect(body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expectOpenApiResponse('post', '/onboarding/coexistence/start', 415, body);
      expect(await onboarding.sql('SELECT id FROM onboarding_sessions WHERE tenant_id = $1', [tenantId])).toEqual([]);
    });

    it('refuses a second start with 409 and the active session id, unless it replaces it (SUPERSEDED)', async () => {
      const tenantId = newTenant();
      const first = await onboarding.start(tenantId);
      const second = await onboarding.start(tenantId);
      expect(second.response.status).toBe(409);
      expect(second.json).toMatchObject({ error: { code: 'ACTIVE_SESSION_EXISTS', details: { session_id: first.json.session_id } } });
      expectOpenApiResponse('post', '/onboarding/coexistence/start', 409, second.json);

      const replacing = await onboarding.start(tenantId, { replace: true });
      expect(replacing.response.status).toBe(201);
      expect(replacing.json.session_id).not.toBe(first.json.session_id);
      expect(await onboarding.session(tenantId, first.json.session_id)).toMatchObject({ status: 'failed', error: { code: 'SUPERSEDED' } });
      const oldState = new URL(first.json.onboarding_url!).searchParams.get('state');
      expect((await onboarding.callback(`/onboarding/360/callback?state=${oldState}&client=c1&channels=[a1]`)).location).toBe(
        `${FRONTEND_BASE_URL}/onboarding/error?code=SUPERSEDED`,
      );
    });

    it('lets only one of many concurrent starts of a tenant win', async () => {
      const tenantId = newTenant();
      const answers = await Promise.all(Array.from({ length: 6 }, () => onboarding.start(tenantId)));
      expect(answers.map((answer) => answer.response.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      const winner = answers.find((answer) => answer.response.status === 201)!.json.session_id;
      for (const loser of answers.filter((answer) => answer.response.status === 409)) {
        expect(loser.json).toMatchObject({ error: { details: { session_id: winner } } });
      }
    });

    it('answers every one of many concurrent replacing starts of a tenant, leaving one session active', async () => {
      const tenantId = newTenant();
      const answers = await Promise.all(Array.from({ length: 8 }, () => onboarding.start(tenantId, { replace: true })));
      expect(answers.map((answer) => answer.response.status)).toEqual(Array.from({ length: 8 }, () => 201));
      const sessions = await onboarding.sql<{ status: string }>('SELECT status FROM onboarding_sessions WHERE tenant_id = $1', [tenantId]);
      expect(sessions.map((session) => session.status).sort()).toEqual([...Array.from({ length: 7 }, () => 'failed'), 'pending']);
    });

    it('answers every one of many concurrent starts with one Idempotency-Key with the same session', async () => {
      const tenantId = newTenant();
      const headers = { 'idempotency-key': `key-${randomUUID()}` };
      const answers = await Promise.all(Array.from({ length: 8 }, () => onboarding.start(tenantId, { lang: 'en' }, headers)));
      expect(answers.map((answer) => answer.response.status)).toEqual(Array.from({ length: 8 }, () => 201));
      expect(new Set(answers.map((answer) => answer.json.session_id)).size).toBe(1);
    });

    it('replays the same session for the same Idempotency-Key, with a fresh state that retires the old one', async () => {
      const tenantId = newTenant();
      const headers = { 'idempotency-key': `key-${randomUUID()}` };
      const first = await onboarding.start(tenantId, { lang: 'en' }, headers);
      const replay = await onboarding.start(tenantId, { lang: 'en' }, headers);
      expect(replay.response.status).toBe(201);
      expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.json.session_id).toBe(first.json.session_id);
      expectOpenApiResponse('post', '/onboarding/coexistence/start', 201, replay.json);

      const stateOf = (url: string | null) => new URL(url!).searchParams.get('state');
      const callbackWith = (state: string | null) => onboarding.callback(`/onboarding/360/callback?state=${state}&client=c1&channels=[a1]`);
      expect((await callbackWith(stateOf(first.json.onboarding_url))).location).toBe(`${FRONTEND_BASE_URL}/onboarding/error?code=STATE_INVALID`);
      expect((await callbackWith(stateOf(replay.json.onboarding_url))).location).toBe(`${FRONTEND_BASE_URL}/onboarding/success?session_id=${first.json.session_id}`);

      const afterUse = await onboarding.start(tenantId, { lang: 'en' }, headers);
      expect(afterUse.json).toMatchObject({ session_id: first.json.session_id, status: 'in_progress', onboarding_url: null });
      expectOpenApiResponse('post', '/onboarding/coexistence/start', 201, afterUse.json);
    });

    it('refuses an Idempotency-Key reused with a different body (422)', async () => {
      const tenantId = newTenant();
      const headers = { 'idempotency-key': `key-${randomUUID()}` };
      await onboarding.start(tenantId, { lang: 'en' }, headers);
      const reused = await onboarding.start(tenantId, { lang: 'de' }, headers);
      expect(reused.response.status).toBe(422);
      expect(reused.json).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
      expectOpenApiResponse('post', '/onboarding/coexistence/start', 422, reused.json);
    });
  });

  describe('sessions', () => {
    it('lists the tenant sessions newest first, filtered by status', async () => {
      const tenantId = newTenant();
      const first = await onboarding.start(tenantId);
      const second = await onboarding.start(tenantId, { replace: true });
      const all = await bodyOf<SessionList>(await onboarding.call(tenantId, '/onboarding/sessions'));
      expectOpenApiResponse('get', '/onboarding/sessions', 200, all);
      expect(all.sessions.map((session) => session.session_id)).toEqual([second.json.session_id, first.json.session_id]);
      const failed = await bodyOf<SessionList>(await onboarding.call(tenantId, '/onboarding/sessions?status=failed'));
      expect(failed.sessions).toEqual([expect.objectContaining({ session_id: first.json.session_id, status: 'failed' })]);
    });

    it('refuses an unknown status filter and a bad limit', async () => {
      for (const query of ['status=finished', 'limit=0', 'limit=101', 'limit=x', 'limit=0x10', 'limit=1e1', 'limit=5&limit=6']) {
        const response = await onboarding.call(newTenant(), `/onboarding/sessions?${query}`);
        expect(response.status).toBe(400);
        expectOpenApiResponse('get', '/onboarding/sessions', 400, await response.json());
      }
    });

    it('shows a pending session with its stage and timestamps', async () => {
      const tenantId = newTenant();
      const { json } = await onboarding.start(tenantId);
      const session = await onboarding.session(tenantId, json.session_id);
      expectOpenApiResponse('get', '/onboarding/session/{id}', 200, session);
      expect(session).toMatchObject({
        status: 'pending',
        stage: { key: 'waiting_for_permission', percent: 10 },
        channels: [],
        history_sync: null,
        error: null,
        expires_at: json.expires_at,
        callback_received_at: null,
      });
    });
  });

  it('closes a session event stream when the client goes away', async () => {
    const tenantId = newTenant();
    const { json } = await onboarding.start(tenantId);
    const openStreams = async () => metricValue(await scrape(onboarding.url), 'onboarding_session_streams_open');
    const client = new AbortController();
    const stream = await onboarding.call(tenantId, `/onboarding/session/${json.session_id}/events`, { signal: client.signal });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('retry:');
    expect(await openStreams()).toBe(1);
    client.abort();
    await waitFor(async () => (await openStreams()) === 0, { description: 'the server to close the abandoned stream' });
  });

  describe('GET /onboarding/coexistence/eligibility', () => {
    it('returns the active session to resume and the coexistence requirements', async () => {
      const tenantId = newTenant();
      const { json } = await onboarding.start(tenantId);
      const body = await bodyOf<EligibilityBody>(await onboarding.call(tenantId, '/onboarding/coexistence/eligibility'));
      expectOpenApiResponse('get', '/onboarding/coexistence/eligibility', 200, body);
      expect(body).toMatchObject({
        eligible: false,
        active_session_id: json.session_id,
        requirements: { whatsapp_business_app_min_version: '2.24.17', throughput_messages_per_second: 20 },
      });
      expect(body.reasons.map((reason) => reason.code)).toContain('ACTIVE_SESSION_EXISTS');
      expect(body.requirements.stops_working.map((item) => item.code)).toEqual(
        expect.arrayContaining(['MESSAGE_EDIT_REVOKE', 'GROUP_CHATS', 'DISAPPEARING_MESSAGES', 'VIEW_ONCE_MESSAGES', 'LIVE_LOCATION', 'BROADCAST_LISTS']),
      );
    });

    it('says the channel count is unknown while the registry is down, and 360dialog unavailable once the breaker opens', async () => {
      const tenantId = newTenant();
      const codes = async () => (await bodyOf<EligibilityBody>(await onboarding.call(tenantId, '/onboarding/coexistence/eligibility'))).reasons.map((r) => r.code);
      expect(await codes()).toContain('CHANNEL_COUNT_UNKNOWN');
      await waitFor(async () => (await codes()).includes('DIALOG360_UNAVAILABLE'), { description: 'the registry client breaker to open', timeoutMs: 30_000 });
    });

    it('reports a disabled tenant, which then cannot start, until it is enabled again', async () => {
      const tenantId = newTenant();
      expect((await onboarding.call(tenantId, '/onboarding/coexistence/disabled', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"reason":"fraud review"}' })).status).toBe(204);
      const body = await bodyOf<EligibilityBody>(await onboarding.call(tenantId, '/onboarding/coexistence/eligibility'));
      expect(body.reasons.map((reason) => reason.code)).toContain('TENANT_DISABLED');
      const refused = await onboarding.start(tenantId);
      expect(refused.response.status).toBe(403);
      expectOpenApiResponse('post', '/onboarding/coexistence/start', 403, refused.json);

      expect((await onboarding.call(tenantId, '/onboarding/coexistence/disabled', { method: 'DELETE' })).status).toBe(204);
      expect((await onboarding.start(tenantId)).response.status).toBe(201);
    });

    it('validates the reason for disabling a tenant, and leaves the tenant enabled when it is refused', async () => {
      const tenantId = newTenant();
      const disable = (body: string, contentType = 'application/json') =>
        onboarding.call(tenantId, '/onboarding/coexistence/disabled', { method: 'PUT', headers: { 'content-type': contentType }, body });
      for (const body of ['{"reason":5}', '[]', JSON.stringify({ reason: 'x'.repeat(501) }), '{"reason":"a\\u0000b"}', '{"why":"x"}']) {
        const response = await disable(body);
        expect(response.status).toBe(400);
        const error = await bodyOf<ErrorBody>(response);
        expect(error.error.code).toBe('VALIDATION_FAILED');
        expectOpenApiResponse('put', '/onboarding/coexistence/disabled', 400, error);
      }
      const wrongType = await disable('{"reason":"fraud"}', 'text/plain');
      expect(wrongType.status).toBe(415);
      expectOpenApiResponse('put', '/onboarding/coexistence/disabled', 415, await wrongType.json());
      expect(await onboarding.sql('SELECT tenant_id FROM onboarding_disabled_tenants WHERE tenant_id = $1', [tenantId])).toEqual([]);

      expect((await onboarding.call(tenantId, '/onboarding/coexistence/disabled', { method: 'PUT' })).status).toBe(204);
      expect(await onboarding.sql('SELECT reason FROM onboarding_disabled_tenants WHERE tenant_id = $1', [tenantId])).toEqual([{ reason: null }]);
    });
  });

  it('serves its OpenAPI 3.1 document', async () => {
    const response = await fetch(`${onboarding.url}/openapi.json`);
    expect(response.status).toBe(200);
    const served = await bodyOf<{ openapi: string }>(response);
    expect(served).toEqual(JSON.parse(readFileSync(path.join(__dirname, '..', 'openapi.json'), 'utf8')));
    expect(served.openapi).toBe('3.1.0');
  });
});

describe('onboarding without DIALOG360_ONBOARDING_URL', () => {
  let onboarding: OnboardingInstance;

  beforeAll(async () => {
    onboarding = await startOnboarding('ob_unconfigured', undefined, { DIALOG360_ONBOARDING_URL: '', DIALOG360_PARTNER_ID: '' });
  });

  afterAll(async () => {
    await onboarding?.close();
  });

  it('reports it is not configured and refuses to start with 503', async () => {
    const tenantId = newTenant();
    const body = await bodyOf<EligibilityBody>(await onboarding.call(tenantId, '/onboarding/coexistence/eligibility'));
    expect(body.reasons.map((reason) => reason.code)).toContain('ONBOARDING_NOT_CONFIGURED');
    const refused = await onboarding.start(tenantId);
    expect(refused.response.status).toBe(503);
    expect(refused.json).toMatchObject({ error: { code: 'ONBOARDING_NOT_CONFIGURED' } });
    expectOpenApiResponse('post', '/onboarding/coexistence/start', 503, refused.json);
  });
});

function templateOf(route: string): string {
  return route.replace(/\/session\/[^/]+/, '/session/{id}');
}
