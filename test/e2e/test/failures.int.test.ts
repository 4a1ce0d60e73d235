import { waitFor } from '@chatpilot/testing';

import { HISTORY_CHUNKS_PER_NUMBER, HISTORY_MESSAGES_PER_NUMBER, startE2eSystem, type E2eSystem } from '../src/e2e-system';
import { registryChannel, startAndGrant, successPage, type GrantedOnboarding } from '../src/flows';
import { metricTotal, scrape } from '../src/metrics';

/**
 * Crashes and outages in the middle of an onboarding. 360dialog is held back (manual status
 * steps and coexistence sync) so each fault lands while the session waits in `activating`.
 */
describe('the system as separate processes: faults in the middle of an onboarding', () => {
  let system: E2eSystem;

  beforeAll(async () => {
    system = await startE2eSystem('faults', { amqpThroughProxy: true });
    await system.sandbox.updateSettings({ statusSchedule: 'manual', coexistenceSync: 'manual' });
  }, 120_000);

  afterAll(async () => {
    await system?.close();
  });

  /** Start, grant and callback; resolves once the session waits for 360dialog to run the number. */
  async function onboardingWaitingForActivation(): Promise<GrantedOnboarding & { channelId: string }> {
    const granted = await startAndGrant(system);
    expect(granted.callback.location).toBe(successPage(granted.started.session_id));
    await system.onboarding.waitForSession(granted.tenantId, granted.started.session_id, {
      until: (session) => session.status === 'activating',
      description: 'the session to reach activating',
    });
    return { ...granted, channelId: granted.grant.channelIds[0]! };
  }

  it('completes after onboarding is killed with SIGKILL while activating and started again', async () => {
    const onboarding = await onboardingWaitingForActivation();
    const crashedPid = system.processes.process('onboarding').pid();

    expect(await system.processes.kill('onboarding', 'SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    // 360dialog runs the number while onboarding is down: the event waits for it in RabbitMQ.
    await system.sandbox.setChannelStatus(onboarding.channelId, 'running');
    await waitFor(async () => (await registryChannel(system, onboarding.tenantId, onboarding.channelId)).status === 'running', {
      description: 'the registry to see the number running',
    });

    await system.processes.process('onboarding').start();
    expect(system.processes.process('onboarding').pid()).not.toBe(crashedPid);
    const session = await system.onboarding.waitForSession(onboarding.tenantId, onboarding.started.session_id);
    expect(session).toMatchObject({ status: 'completed', channels: [expect.objectContaining({ status: 'running', key_provisioned: true })] });
  });

  it('completes and loses nothing when the services lose RabbitMQ in the middle of the flow', async () => {
    const onboarding = await onboardingWaitingForActivation();
    const proxy = system.amqpProxy!;

    const { wabaId } = await system.sandbox.channel(onboarding.channelId);
    proxy.cut();
    // Everything 360dialog sends now is accepted by webhook-ingest (stored with its outbox row) but cannot be published.
    await system.sandbox.setChannelStatus(onboarding.channelId, 'running');
    await system.sandbox.startCoexistenceSync(onboarding.channelId);
    await waitFor(
      async () => {
        const deliveries = (await system.sandbox.webhooks()).filter((delivery) => delivery.body.includes(wabaId));
        return deliveries.filter((delivery) => delivery.event === 'history').length === HISTORY_CHUNKS_PER_NUMBER && deliveries.every((delivery) => delivery.status === 'delivered');
      },
      { description: 'webhook-ingest to accept every webhook while the broker is unreachable', timeoutMs: 30_000 },
    );
    const during = await system.onboarding.session(onboarding.tenantId, onboarding.started.session_id);
    expect(during.status).toBe('activating');
    expect(proxy.connectionCount()).toBe(0);

    proxy.resume();
    const session = await system.onboarding.waitForSession(onboarding.tenantId, onboarding.started.session_id, {
      // Chunks, not progress: progress is the highest seen, and a chunk may be counted after it reads 100.
      until: (current) => current.status === 'completed' && (current.history_sync?.chunks ?? 0) >= HISTORY_CHUNKS_PER_NUMBER,
      description: 'completed with every history chunk recorded once the broker is back',
      timeoutMs: 60_000,
    });
    expect(session.history_sync).toMatchObject({ progress: 100, chunks: HISTORY_CHUNKS_PER_NUMBER, messages: HISTORY_MESSAGES_PER_NUMBER });
    expect(proxy.connectionCount()).toBeGreaterThan(0);
    for (const url of metricsUrls()) expect(metricTotal(await scrape(url), 'chatpilot_events_dead_lettered_total')).toBe(0);
  });

  it('leaves no process running once the system is stopped, the restarted one included', async () => {
    expect(system.processes.spawnedPids()).toHaveLength(6);
    await system.processes.stop();
    expect(system.processes.livePids()).toEqual([]);
  });

  function metricsUrls(): string[] {
    const { endpoints } = system.processes;
    return [endpoints.onboarding, endpoints.webhookIngest, endpoints.registryHttp, endpoints.vaultHttp].map((base) => `${base}/metrics`);
  }
});
