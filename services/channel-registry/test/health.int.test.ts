import { checkHealth } from '@chatpilot/grpc';
import { type FaultProxy, startFaultProxy, testInfrastructure, waitFor } from '@chatpilot/testing';

import { type RegistryFixture, startRegistry } from './support/registry-fixture';

describe('health while PostgreSQL goes away and comes back', () => {
  let proxy: FaultProxy;
  let registry: RegistryFixture;

  beforeAll(async () => {
    const server = new URL(testInfrastructure().databaseUrl);
    proxy = await startFaultProxy({ host: server.hostname, port: Number(server.port || 5432) });
    registry = await startRegistry('registry-health', { rewriteDatabaseUrl: (url) => proxy.rewriteUrl(url), env: { HEALTH_CHECK_INTERVAL_SECONDS: '0.5' } });
  });
  afterAll(async () => {
    proxy?.resume();
    await registry?.close();
    await proxy?.close();
  });

  const grpcHealth = () => checkHealth(`127.0.0.1:${registry.service.ports().grpc}`, { service: 'chatpilot.registry.v1.ChannelRegistry' });
  const readyz = async () => (await fetch(`${registry.httpUrl}/readyz`)).status;

  it('turns gRPC health NOT_SERVING and /readyz 503 while the database is unreachable, and back afterwards', async () => {
    expect(await grpcHealth()).toBe('SERVING');
    expect(await readyz()).toBe(200);

    proxy.cut();
    await waitFor(async () => (await grpcHealth()) === 'NOT_SERVING', { description: 'gRPC health to report NOT_SERVING', timeoutMs: 20_000 });
    expect(await readyz()).toBe(503);

    proxy.resume();
    await waitFor(async () => (await grpcHealth()) === 'SERVING', { description: 'gRPC health to report SERVING again', timeoutMs: 20_000 });
    expect(await readyz()).toBe(200);
  });
});

describe('health while RabbitMQ goes away', () => {
  let proxy: FaultProxy;
  let registry: RegistryFixture;

  beforeAll(async () => {
    const broker = new URL(testInfrastructure().amqpUrl);
    proxy = await startFaultProxy({ host: broker.hostname, port: Number(broker.port || 5672) });
    registry = await startRegistry('registry-broker-health', { rewriteAmqpUrl: (url) => proxy.rewriteUrl(url), env: { HEALTH_CHECK_INTERVAL_SECONDS: '0.5' } });
  });
  afterAll(async () => {
    proxy?.resume();
    await registry?.close();
    await proxy?.close();
  });

  const brokerConnected = async () => /^chatpilot_broker_connected (\d)$/m.exec(await (await fetch(`${registry.httpUrl}/metrics`)).text())?.[1];

  it('stays SERVING and ready, since its reads need no broker and its outbox keeps what it writes; the broker gauge shows the cut', async () => {
    await waitFor(async () => (await brokerConnected()) === '1', { description: 'the broker gauge to show the link' });

    proxy.cut();
    await waitFor(async () => (await brokerConnected()) === '0', { description: 'the broker gauge to show the cut', timeoutMs: 20_000 });
    // Longer than two health-check intervals: a broker check would have turned it NOT_SERVING by now.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await checkHealth(`127.0.0.1:${registry.service.ports().grpc}`, { service: 'chatpilot.registry.v1.ChannelRegistry' })).toBe('SERVING');
    expect((await fetch(`${registry.httpUrl}/readyz`)).status).toBe(200);

    proxy.resume();
    await waitFor(async () => (await brokerConnected()) === '1', { description: 'the broker gauge to show the link again', timeoutMs: 30_000 });
  });
});
