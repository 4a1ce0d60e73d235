import { partnerApiKeyHeaders, startSandbox, type RunningSandbox } from './helpers/sandbox-fixture';

describe('fault injection', () => {
  let sandbox: RunningSandbox;
  let channelsUrl: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    channelsUrl = `${sandbox.info.urls.partnerApi}/partners/${sandbox.info.partnerId}/channels`;
  });
  afterAll(() => sandbox.stop());
  beforeEach(() => sandbox.control.reset());

  const listChannels = () => fetch(channelsUrl, { headers: partnerApiKeyHeaders(sandbox.info) });

  it('adds latency to matching routes', async () => {
    await sandbox.control.addFault({ path: '/api/v2/partners/*/channels', kind: 'latency', latencyMs: 400 });
    const started = Date.now();
    const response = await listChannels();
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
  });

  it('answers 429 with Retry-After', async () => {
    await sandbox.control.addFault({ path: '/api/v2', kind: '429', retryAfterSeconds: 7 });
    const response = await listChannels();
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toMatchObject({ meta: { http_code: 429 } });
  });

  it.each([
    ['500', 500],
    ['503', 503],
  ] as const)('answers %s', async (kind, status) => {
    await sandbox.control.addFault({ path: '/api/v2', kind });
    expect((await listChannels()).status).toBe(status);
  });

  it('resets the connection', async () => {
    await sandbox.control.addFault({ path: '/api/v2', kind: 'reset' });
    const failure = await listChannels().then(() => undefined, (error: Error) => error);
    expect(failure?.message).toBe('fetch failed');
    expect(String((failure?.cause as { code?: string } | undefined)?.code)).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    const [request] = await sandbox.control.requests({ surface: 'partner_api' });
    expect(request).toMatchObject({ fault: 'reset' });
    expect(request!.status).toBeUndefined();
  });

  it('fires only as often as told, then the route recovers', async () => {
    await sandbox.control.addFault({ path: '/api/v2', kind: '503', times: 2 });
    expect([(await listChannels()).status, (await listChannels()).status, (await listChannels()).status]).toEqual([503, 503, 200]);
  });

  it('fires at the given rate', async () => {
    await sandbox.control.addFault({ path: '/api/v2', kind: '500', rate: 0 });
    expect((await listChannels()).status).toBe(200);
    await sandbox.control.clearFaults();
    await sandbox.control.addFault({ path: '/api/v2', kind: '500', rate: 0.5 });
    const statuses = [];
    for (let i = 0; i < 60; i++) statuses.push((await listChannels()).status);
    expect(statuses).toContain(500);
    expect(statuses).toContain(200);
  });

  it('matches methods and leaves other surfaces alone', async () => {
    await sandbox.control.addFault({ path: '/messaging', kind: '500', method: 'POST' });
    expect((await listChannels()).status).toBe(200);
    const response = await fetch(`${sandbox.info.urls.messagingApi}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(500);
    expect((await fetch(`${sandbox.info.urls.messagingApi}/v1/configs/webhook`)).status).toBe(401);
  });

  it('records received requests with the answered status and can remove a fault', async () => {
    const fault = await sandbox.control.addFault({ path: '/api/v2', kind: '500' });
    await listChannels();
    await sandbox.control.removeFault(fault.id);
    await listChannels();
    const requests = await sandbox.control.requests({ pathPrefix: '/api/v2/partners' });
    expect(requests.map((r) => [r.method, r.status, r.fault])).toEqual([
      ['GET', 500, '500'],
      ['GET', 200, undefined],
    ]);
    expect(requests[0]!.headers['x-api-key']).toBe(sandbox.info.credentials.partnerApiKey);
    expect(await sandbox.control.faults()).toEqual([]);
  });
});
