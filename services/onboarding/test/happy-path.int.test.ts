import { randomUUID } from 'node:crypto';

import { waitFor } from '@chatpilot/testing';

import { FRONTEND_BASE_URL } from './support/constants';
import { observeBus, type BusObserver } from './support/bus-observer';
import { startDependencies, type Dependencies } from './support/dependencies';
import { startOnboarding, type OnboardingInstance, type SessionJson } from './support/onboarding-instance';
import { expectOpenApiResponse, expectOpenApiSchema } from './support/openapi';
import { grantAtSandbox } from './support/sandbox-grant';
import { metricValue, scrape } from './support/metrics';

describe('onboarding happy path (webhook-ingest, registry, vault and the sandbox, all real)', () => {
  let dependencies: Dependencies;
  let onboarding: OnboardingInstance;
  let bus: BusObserver;
  const logLines: string[] = [];

  beforeAll(async () => {
    dependencies = await startDependencies('ob_happy');
    onboarding = await startOnboarding('ob_happy', dependencies, {}, { logLines });
    bus = await observeBus({
      url: dependencies.namespace.url,
      exchange: dependencies.exchange,
      queue: dependencies.namespace.name('observer'),
      bindingKeys: ['onboarding.#', 'registry.channel.linked'],
    });
  });

  afterAll(async () => {
    await bus?.close();
    await onboarding?.close();
    await dependencies?.close();
  });

  /** The browser is slow: the number already runs and 360dialog sent every webhook before the redirect arrives. */
  const everyWebhookDelivered = (channelId: string) =>
    waitFor(
      async () => {
        const channel = await dependencies.sandbox.control.channel(channelId);
        const deliveries = await dependencies.sandbox.control.webhooks();
        return channel.stage === 'live' && deliveries.every((delivery) => delivery.status === 'delivered');
      },
      { description: 'the channel to go live with every webhook delivered', timeoutMs: 30_000 },
    );

  const completedSession = (tenantId: string, sessionId: string): Promise<SessionJson> =>
    onboarding.waitForSession(tenantId, sessionId, (session) => session.status === 'completed' || session.status === 'failed', 'the session to finish', 45_000);

  it.each([
    ['after the redirect', 'after_redirect'],
    ['before the redirect', 'before_redirect'],
  ] as const)('reaches completed with the webhooks %s', async (_case, webhookOrder) => {
    await dependencies.sandbox.control.updateSettings({ webhookOrder, afterRedirectDelayMs: 300 });
    const tenantId = `tenant-${randomUUID()}`;
    const { response, json: started } = await onboarding.start(tenantId, { lang: 'en', email: 'owner@shop.example' });
    expect(response.status).toBe(201);
    expectOpenApiResponse('post', '/onboarding/coexistence/start', 201, started);

    const grant = await grantAtSandbox(dependencies.sandbox.control, started.onboarding_url!);
    if (webhookOrder === 'before_redirect') await everyWebhookDelivered(grant.channelIds[0]!);
    const callback = await onboarding.callback(grant.redirectLocation);
    expect(callback.status).toBe(303);
    expect(callback.location).toBe(`${FRONTEND_BASE_URL}/onboarding/success?session_id=${started.session_id}`);

    const session = await completedSession(tenantId, started.session_id);
    expect(session).toMatchObject({ status: 'completed', error: null, client_id: grant.clientId, stage: { key: 'completed', percent: 100 } });
    const [channelId] = grant.channelIds;
    expect(session.channels).toEqual([
      expect.objectContaining({ channel_id: channelId, status: 'running', key_provisioned: true, webhook_configured: true, phone_number: expect.any(String) }),
    ]);
    expectOpenApiResponse('get', '/onboarding/session/{id}', 200, session);

    const statusEvents = () => bus.events.filter((event) => event.type === 'onboarding.session.status_changed' && event.data.session_id === started.session_id);
    const statuses = await waitFor(() => statusEvents().length >= 4 && statusEvents(), { description: 'every status change on the bus' });
    expect(statuses.map((event) => [event.data.from, event.data.to])).toEqual([
      ['pending', 'in_progress'],
      ['in_progress', 'channel_created'],
      ['channel_created', 'activating'],
      ['activating', 'completed'],
    ]);
    expect(bus.events.filter((event) => event.type === 'onboarding.session.channels_linked' && event.data.session_id === started.session_id)).toEqual([
      expect.objectContaining({ tenant_id: tenantId, data: { session_id: started.session_id, client_id: grant.clientId, channel_ids: [channelId] } }),
    ]);
    const keys = await dependencies.vaultSql<{ tenant_id: string }>('SELECT tenant_id FROM whatsapp_api_keys WHERE channel_id = $1', [channelId]);
    expect(keys).toEqual([{ tenant_id: tenantId }]);

    // The session can be followed in the logs: its HTTP steps under their request ids, then every transition.
    const lines = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.session_id === started.session_id);
    for (const msg of ['onboarding session started', 'callback accepted']) {
      expect(lines.find((line) => line.msg === msg)).toMatchObject({ level: 'info', request_id: expect.any(String) });
    }
    const transitions = lines.filter((line) => typeof line.msg === 'string' && line.msg.startsWith('onboarding session ') && 'to' in line);
    expect(transitions.map((line) => [line.from, line.to, line.tenant_id])).toEqual(statuses.map((event) => [event.data.from, event.data.to, tenantId]));
  });

  it('reports the coexistence history sync once its events have come', async () => {
    const tenantId = `tenant-${randomUUID()}`;
    const { json: started } = await onboarding.start(tenantId);
    const grant = await grantAtSandbox(dependencies.sandbox.control, started.onboarding_url!);
    await onboarding.callback(grant.redirectLocation);
    const session = await onboarding.waitForSession(tenantId, started.session_id, (s) => (s.history_sync?.progress ?? 0) >= 100, 'history sync to reach 100 %');
    expect(session.history_sync).toMatchObject({ progress: 100, messages: expect.any(Number) });
    expect(session.channels[0]!.history_sync).toMatchObject({ progress: 100 });
  });

  it('streams the session as Server-Sent Events until it is completed', async () => {
    const tenantId = `tenant-${randomUUID()}`;
    const { json: started } = await onboarding.start(tenantId);
    const stream = await onboarding.call(tenantId, `/onboarding/session/${started.session_id}/events`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);

    const grant = await grantAtSandbox(dependencies.sandbox.control, started.onboarding_url!);
    await onboarding.callback(grant.redirectLocation);
    const sessions = parseSessionEvents(await stream.text());
    sessions.forEach((session) => expectOpenApiSchema('Session', session));
    expect(sessions[0]!.status).toBe('pending');
    expect(sessions.at(-1)!.status).toBe('completed');
    const seen = sessions.map((session) => session.status);
    expect(seen.filter((status, index) => status !== seen[index - 1])).toEqual(expect.arrayContaining(['pending', 'completed']));

    const reopened = await onboarding.call(tenantId, `/onboarding/session/${started.session_id}/events`);
    expect(reopened.status).toBe(200);
    expect(parseSessionEvents(await reopened.text()).map((session) => session.status)).toEqual(['completed']);
    expect(metricValue(await scrape(onboarding.url), 'onboarding_session_streams_open')).toBe(0);
  });

  it('counts started and completed sessions and sessions per status in /metrics', async () => {
    const metrics = await scrape(onboarding.url);
    expect(metricValue(metrics, 'onboarding_sessions_started_total')).toBeGreaterThanOrEqual(3);
    expect(metricValue(metrics, 'onboarding_sessions_completed_total')).toBeGreaterThanOrEqual(3);
    expect(metricValue(metrics, 'onboarding_sessions{status="completed"}')).toBeGreaterThanOrEqual(3);
    expect(metrics).toMatch(/onboarding_session_duration_seconds_count \d+/);
  });
});

function parseSessionEvents(text: string): SessionJson[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event: session'))
    .map((block) => JSON.parse(block.slice(block.indexOf('data: ') + 'data: '.length)) as SessionJson);
}
