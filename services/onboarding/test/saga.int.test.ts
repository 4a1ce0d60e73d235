import { randomUUID } from 'node:crypto';

import { createEvent } from '@chatpilot/contracts';
import { createLogger } from '@chatpilot/logger';
import { createAmqpTransport } from '@chatpilot/messaging';
import { waitFor } from '@chatpilot/testing';

import { createChannelRegistryGateway } from '../src/grpc/channel-registry.gateway';
import { FRONTEND_BASE_URL, TOKENS } from './support/constants';
import { observeBus, type BusObserver } from './support/bus-observer';
import { FAST_SANDBOX, startDependencies, type Dependencies } from './support/dependencies';
import { startOnboarding, type OnboardingInstance, type SessionJson } from './support/onboarding-instance';
import { grantAtSandbox, uniquePhoneNumber } from './support/sandbox-grant';
import { scrape } from './support/metrics';

const newTenant = () => `tenant-${randomUUID()}`;
const successPage = (sessionId: string) => `${FRONTEND_BASE_URL}/onboarding/success?session_id=${sessionId}`;
const finished = (session: SessionJson) => session.status === 'completed' || session.status === 'failed';

/** The saga against the real registry, vault, webhook-ingest and sandbox: concurrency, conflicts, revocation, outages, time-outs. */
describe('onboarding saga', () => {
  let dependencies: Dependencies;
  let onboarding: OnboardingInstance;
  let bus: BusObserver;

  beforeAll(async () => {
    dependencies = await startDependencies('ob_saga');
    onboarding = await startOnboarding('ob_saga', dependencies);
    bus = await observeBus({
      url: dependencies.namespace.url,
      exchange: dependencies.exchange,
      queue: dependencies.namespace.name('observer'),
      bindingKeys: ['onboarding.#', 'registry.channel.linked', 'registry.channel.revoked'],
    });
  });

  afterAll(async () => {
    await bus?.close();
    await onboarding?.close();
    await dependencies?.close();
  });

  afterEach(() => dependencies.sandbox.control.updateSettings(FAST_SANDBOX));

  const keyStatus = async (channelId: string): Promise<string | undefined> =>
    (await dependencies.vaultSql<{ status: string }>('SELECT status FROM whatsapp_api_keys WHERE channel_id = $1', [channelId]))[0]?.status;

  /** A tenant taken through onboarding to `completed`; resolves with its session and channel. */
  async function onboardTenant(tenantId = newTenant()) {
    const { json } = await onboarding.start(tenantId);
    const grant = await grantAtSandbox(dependencies.sandbox.control, json.onboarding_url!);
    await onboarding.callback(grant.redirectLocation);
    const session = await onboarding.waitForSession(tenantId, json.session_id, finished, 'onboarding to finish', 45_000);
    expect(session.status).toBe('completed');
    return { tenantId, sessionId: json.session_id, clientId: grant.clientId, channelId: grant.channelIds[0]! };
  }

  it('links once when two browsers deliver the same callback at the same time, and both reach the success page', async () => {
    const tenantId = newTenant();
    const { json } = await onboarding.start(tenantId);
    const grant = await grantAtSandbox(dependencies.sandbox.control, json.onboarding_url!);
    const answers = await Promise.all([onboarding.callback(grant.redirectLocation), onboarding.callback(grant.redirectLocation)]);
    expect(answers.map((answer) => answer.location)).toEqual([successPage(json.session_id), successPage(json.session_id)]);

    expect((await onboarding.waitForSession(tenantId, json.session_id, finished, 'onboarding to finish', 45_000)).status).toBe('completed');
    const channelId = grant.channelIds[0];
    expect(bus.events.filter((event) => event.type === 'registry.channel.linked' && event.data.channel_id === channelId)).toHaveLength(1);
    const accepted = bus.events.filter((event) => event.type === 'onboarding.session.status_changed' && event.data.session_id === json.session_id && event.data.to === 'in_progress');
    expect(accepted).toHaveLength(1);
  });

  it("fails with CHANNEL_OWNED_BY_OTHER_TENANT for another tenant's number, and shows nothing of it", async () => {
    const owner = await onboardTenant();
    const intruder = newTenant();
    const { json } = await onboarding.start(intruder);
    const redirectUrl = new URL(json.onboarding_url!).searchParams.get('redirect_url')!;
    const answer = await onboarding.callback(`${redirectUrl}&client=${owner.clientId}&channels=[${owner.channelId}]`);
    expect(answer.location).toBe(successPage(json.session_id));

    const session = await onboarding.waitForSession(intruder, json.session_id, finished, 'the intruding session to finish');
    expect(session).toMatchObject({ status: 'failed', error: { code: 'CHANNEL_OWNED_BY_OTHER_TENANT' } });
    expect(session.channels).toEqual([{ channel_id: owner.channelId, phone_number: null, status: null, key_provisioned: false, webhook_configured: false, history_sync: null }]);
    const [row] = await dependencies.registrySql<{ tenant_id: string }>('SELECT tenant_id FROM whatsapp_accounts WHERE channel_id = $1', [owner.channelId]);
    expect(row!.tenant_id).toBe(owner.tenantId);
  });

  it('handles revoked=[…]: the registry and the vault revoke the tenant’s channel, a forged revocation of another tenant’s is ignored', async () => {
    const other = await onboardTenant();
    const owner = await onboardTenant();
    const { json } = await onboarding.start(owner.tenantId);
    const grant = await grantAtSandbox(dependencies.sandbox.control, json.onboarding_url!, { phoneNumbers: [], clientId: owner.clientId, revokeChannelIds: [owner.channelId] });
    expect(grant.revokedIds).toEqual([owner.channelId]);
    const forged = grant.redirectLocation.replace(`revoked=[${owner.channelId}]`, `revoked=[${owner.channelId},${other.channelId}]`);
    expect((await onboarding.callback(forged)).location).toBe(`${FRONTEND_BASE_URL}/onboarding/error?code=PERMISSION_REVOKED`);

    const session = await onboarding.waitForSession(owner.tenantId, json.session_id, finished, 'the revoking session to finish');
    expect(session).toMatchObject({ status: 'failed', error: { code: 'PERMISSION_REVOKED' } });
    const statuses = await dependencies.registrySql<{ channel_id: string; status: string }>(
      'SELECT channel_id, status FROM whatsapp_accounts WHERE channel_id = ANY($1) ORDER BY channel_id',
      [[owner.channelId, other.channelId]],
    );
    expect(Object.fromEntries(statuses.map((row) => [row.channel_id, row.status]))).toEqual({ [owner.channelId]: 'revoked', [other.channelId]: 'running' });
    const keys = await dependencies.vaultSql<{ channel_id: string; status: string }>('SELECT channel_id, status FROM whatsapp_api_keys WHERE channel_id = ANY($1)', [[owner.channelId, other.channelId]]);
    expect(Object.fromEntries(keys.map((row) => [row.channel_id, row.status]))).toEqual({ [owner.channelId]: 'revoked', [other.channelId]: 'active' });
  });

  it('fails with CHANNEL_ERROR instead of retrying for ever when the registry refuses the channels (a session accepted before ids were checked)', async () => {
    const tenantId = newTenant();
    const { json } = await onboarding.start(tenantId);
    await onboarding.sql(
      `UPDATE onboarding_sessions SET status = 'in_progress', client_id = 'legacyCL', channel_ids = '{_legacyCH}', state_used_at = now(),
              callback_received_at = now(), updated_at = now() - interval '1 minute', version = version + 1
        WHERE id = $1`,
      [json.session_id],
    );

    const session = await onboarding.waitForSession(tenantId, json.session_id, finished, 'the sweeper to finish the session');
    expect(session).toMatchObject({ status: 'failed', error: { code: 'CHANNEL_ERROR' } });
    expect(await dependencies.registrySql('SELECT channel_id FROM whatsapp_accounts WHERE channel_id = $1', ['_legacyCH'])).toEqual([]);
  });

  /**
   * A session with three numbers whose first key takes a while at 360dialog (within onboarding's
   * 3 s gRPC deadline): while the saga step is still to provision the other two, `lose` makes them
   * revoked or offboarded, news the vault gets before it has their keys. The session fails over the
   * first; the second one's news may reach a session that already failed. Resolves once both lost
   * numbers' keys are revoked, with the session and every key's status.
   */
  async function loseNumbersWhileProvisioning(lose: (tenantId: string, lost: readonly string[]) => Promise<void>) {
    const { control } = dependencies.sandbox;
    await control.updateSettings({ statusSchedule: 'manual' });
    const tenantId = newTenant();
    const { json } = await onboarding.start(tenantId);
    const grant = await grantAtSandbox(control, json.onboarding_url!, { phoneNumbers: [uniquePhoneNumber(), uniquePhoneNumber(), uniquePhoneNumber()] });
    const [slow, ...lost] = grant.channelIds as [string, string, string];
    await control.addFault({ path: `/api/v2/partners/*/channels/${slow}/api_keys`, method: 'POST', kind: 'latency', latencyMs: 1_500 });
    try {
      await onboarding.callback(grant.redirectLocation);
      await onboarding.waitForSession(tenantId, json.session_id, (s) => s.status === 'channel_created', 'the session to provision its keys');
      await lose(tenantId, lost);

      const session = await onboarding.waitForSession(tenantId, json.session_id, finished, 'the session to fail', 45_000);
      const keyStatuses = async () =>
        Object.fromEntries(
          (await dependencies.vaultSql<{ channel_id: string; status: string }>('SELECT channel_id, status FROM whatsapp_api_keys WHERE channel_id = ANY($1)', [grant.channelIds])).map(
            (key) => [key.channel_id, key.status],
          ),
        );
      await waitFor(
        async () => {
          const statuses = await keyStatuses();
          return lost.every((channelId) => statuses[channelId] === 'revoked');
        },
        { description: 'the keys of both lost numbers revoked' },
      );
      return { session, keys: await keyStatuses(), expectedKeys: { [slow]: 'active', ...Object.fromEntries(lost.map((channelId) => [channelId, 'revoked'])) } };
    } finally {
      await control.clearFaults();
    }
  }

  it('revokes the keys of numbers offboarded while the session was still provisioning keys', async () => {
    const { session, keys, expectedKeys } = await loseNumbersWhileProvisioning(async (_tenantId, lost) => {
      for (const channelId of lost) await dependencies.sandbox.control.raiseEvent(channelId, 'cancellation_processed');
    });
    expect(session).toMatchObject({ status: 'failed', error: { code: 'CHANNEL_OFFBOARDED' } });
    expect(keys).toEqual(expectedKeys);
  });

  it('revokes the keys of numbers the registry revoked while the session was still provisioning keys', async () => {
    const registry = createChannelRegistryGateway({ address: dependencies.registryAddress, token: TOKENS.onboarding, deadlineMs: 5_000, breakerResetMs: 1_000 });
    try {
      const { session, keys, expectedKeys } = await loseNumbersWhileProvisioning(async (tenantId, lost) => {
        expect((await registry.markRevoked(tenantId, lost, 'client removed the numbers')).sort()).toEqual([...lost].sort());
      });
      expect(session).toMatchObject({ status: 'failed', error: { code: 'PERMISSION_REVOKED' } });
      expect(keys).toEqual(expectedKeys);
    } finally {
      registry.close();
    }
  });

  it('leaves the key of a number onboarded again alone when an old revocation of it comes late (a replayed dead letter)', async () => {
    const { control } = dependencies.sandbox;
    const registry = createChannelRegistryGateway({ address: dependencies.registryAddress, token: TOKENS.onboarding, deadlineMs: 5_000, breakerResetMs: 1_000 });
    const transport = createAmqpTransport({ url: dependencies.namespace.url, exchange: dependencies.exchange, logger: createLogger({ service: 'test', level: 'silent' }) });
    await transport.start();
    try {
      const first = await onboardTenant();
      await registry.markRevoked(first.tenantId, [first.channelId], 'client left');
      const [{ revoked_at: revokedAt }] = (await waitFor(
        async () => {
          const rows = await dependencies.registrySql<{ revoked_at: Date | null }>('SELECT revoked_at FROM whatsapp_accounts WHERE channel_id = $1', [first.channelId]);
          return rows[0]?.revoked_at ? rows : undefined;
        },
        { description: 'the registry to revoke the number' },
      )) as [{ revoked_at: Date }];
      await waitFor(async () => (await keyStatus(first.channelId)) === 'revoked', { description: 'the vault to revoke the first key' });

      // The same tenant grants the same number again: the registry links it anew, the vault issues a second key.
      const { json } = await onboarding.start(first.tenantId);
      const grant = await grantAtSandbox(control, json.onboarding_url!, { phoneNumbers: [], clientId: first.clientId });
      expect(grant.channelIds).toEqual([first.channelId]);
      await onboarding.callback(grant.redirectLocation);
      expect(await onboarding.waitForSession(first.tenantId, json.session_id, finished, 'the second onboarding to finish', 45_000)).toMatchObject({ status: 'completed' });
      expect(await keyStatus(first.channelId)).toBe('active');

      // The old revocation arrives again, as a dead letter replayed today would; the vault is down,
      // so onboarding could not act on it through the vault even if it wanted to.
      await dependencies.stopVault();
      try {
        const stale = createEvent('registry.channel.revoked', { channel_id: first.channelId, reason: 'client left' }, { source: 'channel-registry', tenantId: first.tenantId, occurredAt: revokedAt });
        const [outcome] = await transport.publish([{ id: stale.id, type: stale.type, body: Buffer.from(JSON.stringify(stale)) }]);
        expect(outcome?.status).toBe('confirmed');
        await waitFor(async () => (await onboarding.sql('SELECT 1 FROM inbox WHERE event_id = $1', [stale.id])).length === 1, { description: 'onboarding to handle the old revocation' });
        const session = await onboarding.session(first.tenantId, json.session_id);
        expect(session).toMatchObject({ status: 'completed', channels: [expect.objectContaining({ status: 'running' })] });
      } finally {
        await dependencies.restartVault();
      }
    } finally {
      registry.close();
      await transport.close();
    }
  });

  it('waits while the vault is down and completes once it is back', async () => {
    const tenantId = newTenant();
    const { json } = await onboarding.start(tenantId);
    await dependencies.stopVault();
    try {
      const grant = await grantAtSandbox(dependencies.sandbox.control, json.onboarding_url!);
      expect((await onboarding.callback(grant.redirectLocation)).location).toBe(successPage(json.session_id));
      await onboarding.waitForSession(tenantId, json.session_id, (s) => s.status === 'channel_created', 'the session to wait for its keys');
      // Longer than the event retries last (200 + 400 + 800 ms) and than STALLED_STEP_MS, so the sweeper has re-driven it too.
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      const waiting = await onboarding.session(tenantId, json.session_id);
      expect(waiting).toMatchObject({ status: 'channel_created', error: null, stage: { key: 'securing_credentials' } });
      expect(waiting.channels[0]).toMatchObject({ key_provisioned: false });
      await waitFor(async () => /^chatpilot_circuit_breaker_open\{dependency="credential-vault"\} 1$/m.test(await scrape(onboarding.url)), {
        description: 'the vault breaker gauge to show it open',
      });
    } finally {
      await dependencies.restartVault();
    }
    const session = await onboarding.waitForSession(tenantId, json.session_id, finished, 'the session to finish once the vault is back', 45_000);
    expect(session).toMatchObject({ status: 'completed', channels: [expect.objectContaining({ key_provisioned: true, status: 'running' })] });
    // The step's event ran out of attempts while the vault was down: the sweeper is what resumed the session.
    const metrics = await scrape(onboarding.url);
    expect(metrics).toMatch(/^chatpilot_circuit_breaker_open\{dependency="credential-vault"\} 0$/m);
    expect(metrics).toMatch(/chatpilot_events_dead_lettered_total\{[^}]*type="onboarding.session.status_changed"[^}]*reason="ATTEMPTS_EXHAUSTED"\} [1-9]/);
  });

  it('counts failures by code in /metrics', async () => {
    const metrics = await scrape(onboarding.url);
    expect(metrics).toMatch(/onboarding_sessions_failed_total\{code="CHANNEL_OWNED_BY_OTHER_TENANT"\} [1-9]/);
    expect(metrics).toMatch(/onboarding_sessions_failed_total\{code="PERMISSION_REVOKED"\} [1-9]/);
  });

  describe('with a short activation timeout and one channel per tenant', () => {
    let strict: OnboardingInstance;

    beforeAll(async () => {
      strict = await startOnboarding('ob_saga_strict', dependencies, { ACTIVATION_TIMEOUT_SECONDS: '2', MAX_CHANNELS_PER_TENANT: '1' });
    });

    afterAll(async () => {
      await strict?.close();
    });

    it('fails with ACTIVATION_TIMEOUT when the number never runs', async () => {
      await dependencies.sandbox.control.updateSettings({ statusSchedule: 'manual' });
      const tenantId = newTenant();
      const { json } = await strict.start(tenantId);
      const grant = await grantAtSandbox(dependencies.sandbox.control, json.onboarding_url!);
      await strict.callback(grant.redirectLocation);
      const session = await strict.waitForSession(tenantId, json.session_id, finished, 'the activation to time out');
      expect(session).toMatchObject({ status: 'failed', error: { code: 'ACTIVATION_TIMEOUT' } });
      expect(new Date(session.failed_at as string).getTime() - new Date(session.activating_at as string).getTime()).toBeGreaterThanOrEqual(2_000);
    });

    it('reports CHANNEL_LIMIT_REACHED for a tenant at MAX_CHANNELS_PER_TENANT and refuses to start', async () => {
      const { tenantId } = await onboardTenant();
      const body = await (await strict.call(tenantId, '/onboarding/coexistence/eligibility')).json();
      expect(body).toMatchObject({ eligible: false, reasons: [expect.objectContaining({ code: 'CHANNEL_LIMIT_REACHED' })] });
      const refused = await strict.start(tenantId);
      expect(refused.response.status).toBe(409);
      expect(refused.json).toMatchObject({ error: { code: 'CHANNEL_LIMIT_REACHED' } });
    });
  });
});
