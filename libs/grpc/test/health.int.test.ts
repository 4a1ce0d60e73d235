import { on } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { checkHealth, createGrpcClient, loadProtoPackage } from '../src';
import type { ProtoGrpcType as HealthProto } from '../src/generated/health';
import type { HealthCheckResponse__Output } from '../src/generated/grpc/health/v1/HealthCheckResponse';
import { expectStatus } from './support/expect-status';
import { PING_SERVICE, startPingServer } from './support/ping-server';
import type { RunningPingServer } from './support/ping-server';

const { Health } = loadProtoPackage<HealthProto>('grpc/health/v1/health.proto').grpc.health.v1;

describe('grpc.health.v1 over a loopback server', () => {
  let server: RunningPingServer;
  beforeEach(async () => {
    server = await startPingServer();
  });
  afterEach(() => server.stop());

  it('reports the whole server SERVING without any credentials', async () => {
    await expect(checkHealth(server.address)).resolves.toBe('SERVING');
  });

  it('reports a service as the server last set it', async () => {
    server.grpcServer.health.setStatus(PING_SERVICE, 'SERVING');
    await expect(checkHealth(server.address, { service: PING_SERVICE })).resolves.toBe('SERVING');

    server.grpcServer.health.setStatus(PING_SERVICE, 'NOT_SERVING');
    await expect(checkHealth(server.address, { service: PING_SERVICE })).resolves.toBe('NOT_SERVING');
  });

  it('answers NOT_FOUND for a service it does not know', async () => {
    await expectStatus(checkHealth(server.address, { service: 'no.such.Service' }), grpc.status.NOT_FOUND);
  });

  it('refuses a service name no gRPC service has, without echoing it, and keeps answering', async () => {
    const huge = 'x'.repeat(100_000);
    const refused = await checkHealth(server.address, { service: huge }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: 'service name longer than 256 characters' });
    await expect(checkHealth(server.address)).resolves.toBe('SERVING');

    const client = createGrpcClient(Health, { address: server.address });
    try {
      const stream = client.stub.Watch({ service: huge }, { deadline: Date.now() + 30_000 });
      const failed = new Promise<grpc.ServiceError>((resolve) => stream.on('error', resolve));
      await expect(failed).resolves.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: 'service name longer than 256 characters' });
    } finally {
      client.close();
    }
  });

  it('streams the current status and then every change to watchers, and ends them on stop', async () => {
    const client = createGrpcClient(Health, { address: server.address });
    const stream = client.stub.Watch({ service: PING_SERVICE }, { deadline: Date.now() + 30_000 });
    const updates = on(stream, 'data');
    const nextStatus = async (): Promise<string> => ((await updates.next()).value as [HealthCheckResponse__Output])[0].status;

    try {
      expect(await nextStatus()).toBe('SERVICE_UNKNOWN');
      server.grpcServer.health.setStatus(PING_SERVICE, 'SERVING');
      expect(await nextStatus()).toBe('SERVING');
      server.grpcServer.health.setStatus(PING_SERVICE, 'NOT_SERVING');
      expect(await nextStatus()).toBe('NOT_SERVING');

      const ended = new Promise((resolve) => stream.on('status', resolve));
      await server.stop();
      await expect(ended).resolves.toMatchObject({ code: grpc.status.OK });
    } finally {
      client.close();
    }
  });
});
