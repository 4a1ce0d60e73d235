import { randomUUID } from 'node:crypto';

import { createSandbox, SandboxControlClient, type Sandbox } from '@chatpilot/d360-sandbox';
import { waitFor } from '@chatpilot/testing';

import { FRONTEND_BASE_URL, INTERNAL_KEY } from './support/constants';
import { startOnboarding, type OnboardingInstance, type StartedSession } from './support/onboarding-instance';
import { grantAtSandbox } from './support/sandbox-grant';

const errorPage = (code: string) => `${FRONTEND_BASE_URL}/onboarding/error?code=${code}`;
const successPage = (sessionId: string) => `${FRONTEND_BASE_URL}/onboarding/success?session_id=${sessionId}`;

/** The callback on its own: onboarding and the sandbox's permission page; registry and vault are out of reach. */
describe('the 360dialog callback', () => {
  let sandbox: Sandbox;
  let control: SandboxControlClient;
  let onboarding: OnboardingInstance;
  const logLines: string[] = [];
  const issuedStates: string[] = [];

  beforeAll(async () => {
    sandbox = createSandbox({ statusSchedule: 'manual', settings: { coexistenceSync: 'manual' } });
    const { url } = await sandbox.start(0, '127.0.0.1');
    control = new SandboxControlClient(url);
    const { urls } = await control.info();
    onboarding = await startOnboarding('ob_callback', undefined, { DIALOG360_ONBOARDING_URL: urls.permissionPage }, { logLines });
  });

  afterAll(async () => {
    await onboarding?.close();
    await sandbox?.stop();
  });

  afterEach(() => control.updateSettings({ echoState: false, malformedRedirect: false }));

  async function started(): Promise<{ tenantId: string; session: StartedSession; state: string }> {
    const tenantId = `tenant-${randomUUID()}`;
    const { json } = await onboarding.start(tenantId);
    const state = new URL(json.onboarding_url!).searchParams.get('state')!;
    issuedStates.push(state);
    return { tenantId, session: json, state };
  }

  const stateRow = async (sessionId: string) =>
    (await onboarding.sql<{ status: string; state_used_at: Date | null; version: number }>('SELECT status, state_used_at, version FROM onboarding_sessions WHERE id = $1', [sessionId]))[0]!;

  it('accepts the state from inside our redirect_url when 360dialog does not echo it', async () => {
    const { tenantId, session } = await started();
    const grant = await grantAtSandbox(control, session.onboarding_url!);
    expect(grant.redirectLocation).not.toMatch(/[?&]state=.*state=/);
    const answer = await onboarding.callback(grant.redirectLocation);
    expect(answer).toMatchObject({ status: 303, location: successPage(session.session_id) });
    expect(await onboarding.session(tenantId, session.session_id)).toMatchObject({ status: 'in_progress', client_id: grant.clientId });
  });

  it('accepts a callback without a state parameter that echoes our redirect_url instead', async () => {
    const { session } = await started();
    const redirectUrl = new URL(session.onboarding_url!).searchParams.get('redirect_url')!;
    const answer = await onboarding.callback(`/onboarding/360/callback?redirect_url=${encodeURIComponent(redirectUrl)}&client=c1&channels=[a1]`);
    expect(answer.location).toBe(successPage(session.session_id));
  });

  it('accepts the state echoed a second time by 360dialog', async () => {
    await control.updateSettings({ echoState: true });
    const { session } = await started();
    const grant = await grantAtSandbox(control, session.onboarding_url!);
    expect(grant.redirectLocation.match(/state=/g)).toHaveLength(2);
    expect((await onboarding.callback(grant.redirectLocation)).location).toBe(successPage(session.session_id));
  });

  it('accepts the malformed `?state=X?client=…` form', async () => {
    await control.updateSettings({ malformedRedirect: true });
    const { session, state } = await started();
    const grant = await grantAtSandbox(control, session.onboarding_url!);
    expect(grant.redirectLocation).toContain(`?state=${state}?client=`);
    expect((await onboarding.callback(grant.redirectLocation)).location).toBe(successPage(session.session_id));
  });

  it('answers a browser refresh with the same page, and refuses the used state with other values', async () => {
    const { session } = await started();
    const grant = await grantAtSandbox(control, session.onboarding_url!);
    await onboarding.callback(grant.redirectLocation);
    const versionAfterFirst = (await stateRow(session.session_id)).version;

    expect((await onboarding.callback(grant.redirectLocation)).location).toBe(successPage(session.session_id));
    const tampered = grant.redirectLocation.replace(/channels=\[[^\]]*\]/, 'channels=[otherCH]');
    expect((await onboarding.callback(tampered)).location).toBe(errorPage('STATE_ALREADY_USED'));
    expect((await stateRow(session.session_id)).version).toBe(versionAfterFirst);
  });

  it.each([
    ['is missing', () => '/onboarding/360/callback?client=c1&channels=[a1]', 'STATE_MISSING'],
    ['is malformed', () => '/onboarding/360/callback?state=not-a-token&client=c1&channels=[a1]', 'STATE_INVALID'],
    ['is unknown', () => `/onboarding/360/callback?state=${'A'.repeat(43)}&client=c1&channels=[a1]`, 'STATE_INVALID'],
  ])('refuses a state that %s', async (_case, target, code) => {
    expect(await onboarding.callback(target())).toMatchObject({ status: 303, location: errorPage(code) });
  });

  it('refuses an expired state without consuming it, and the sweeper then fails the session with EXPIRED', async () => {
    const { tenantId, session, state } = await started();
    await onboarding.sql(`UPDATE onboarding_sessions SET state_expires_at = now() - interval '1 second' WHERE id = $1`, [session.session_id]);
    const answer = await onboarding.callback(`/onboarding/360/callback?state=${state}&client=c1&channels=[a1]`);
    expect(answer.location).toBe(errorPage('STATE_EXPIRED'));
    const failed = await onboarding.waitForSession(tenantId, session.session_id, (s) => s.status === 'failed', 'the sweeper to expire the session');
    expect(failed.error).toEqual({ code: 'EXPIRED', message: expect.any(String) });
    expect((await stateRow(session.session_id)).state_used_at).toBeNull();
  });

  it("refuses another tenant's state when the backend vouches for the signed-in tenant, and leaves it usable", async () => {
    const { tenantId, session, state } = await started();
    const target = `/onboarding/360/callback?state=${state}&client=c1&channels=[a1]`;
    const asOther = await onboarding.callback(target, { 'x-internal-key': INTERNAL_KEY, 'x-tenant-id': 'someone-else' });
    expect(asOther.location).toBe(errorPage('STATE_TENANT_MISMATCH'));
    expect((await stateRow(session.session_id)).state_used_at).toBeNull();

    const asOwner = await onboarding.callback(target, { 'x-internal-key': INTERNAL_KEY, 'x-tenant-id': tenantId });
    expect(asOwner.location).toBe(successPage(session.session_id));
  });

  it('ignores a tenant header nobody vouched for (wrong internal key) instead of answering 401', async () => {
    const { session, state } = await started();
    const answer = await onboarding.callback(`/onboarding/360/callback?state=${state}&client=c1&channels=[a1]`, { 'x-internal-key': 'wrong', 'x-tenant-id': 'x' });
    expect(answer).toMatchObject({ status: 303, location: successPage(session.session_id) });
  });

  it('fails the session with NO_CHANNELS when nothing was shared', async () => {
    const { tenantId, session, state } = await started();
    const answer = await onboarding.callback(`/onboarding/360/callback?state=${state}&client=c1&channels=[]`);
    expect(answer.location).toBe(errorPage('NO_CHANNELS'));
    expect(await onboarding.session(tenantId, session.session_id)).toMatchObject({ status: 'failed', error: { code: 'NO_CHANNELS' } });
  });

  it('refuses channel ids that are not 360dialog ids, without consuming the state', async () => {
    const { session, state } = await started();
    const answer = await onboarding.callback(`/onboarding/360/callback?state=${state}&client=c1&channels=[%3Cscript%3E]`);
    expect(answer.location).toBe(errorPage('CALLBACK_INVALID'));
    expect((await stateRow(session.session_id)).state_used_at).toBeNull();
  });

  it('keeps the state token out of caches and referrers', async () => {
    const answer = await onboarding.callback('/onboarding/360/callback');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
  });

  it('waits for nothing: the answer does not depend on registry or vault being reachable', async () => {
    const { session, state } = await started();
    const before = Date.now();
    await onboarding.callback(`/onboarding/360/callback?state=${state}&client=c1&channels=[a1]`);
    expect(Date.now() - before).toBeLessThan(2_000);
    await waitFor(async () => (await stateRow(session.session_id)).status === 'in_progress', { description: 'the session to wait in in_progress' });
  });

  it('never writes a state token to the logs', () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).toContain('/onboarding/360/callback');
    for (const state of issuedStates) expect(logLines.join('\n')).not.toContain(state);
  });
});
