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
