import * as grpc from '@grpc/grpc-js';
import { Registry } from 'prom-client';

import { checkHealth, createGrpcClient } from '../src';
import { expectStatus } from './support/expect-status';
import { ONBOARDING_TOKEN, PING_METHOD, PingService, startPingServer, type RunningPingServer } from './support/ping-server';

describe('gRPC server metrics', () => {
  let server: RunningPingServer;
  const registry = new Registry();

  beforeAll(async () => {
    server = await startPingServer({ metricsRegistry: registry });
  });
  afterAll(async () => {
    await server.stop();
  });

  const counts = async (): Promise<Record<string, number>> => {
    const metric = (await registry.getMetricsAsJSON()).find((candidate) => candidate.name === 'chatpilot_grpc_server_handled_seconds');
    const values = (metric?.values ?? []) as { value: number; labels: Record<string, string>; metricName?: string }[];
    return Object.fromEntries(values.filter((value) => value.metricName?.endsWith('_count')).map((value) => [`${value.labels.method} ${value.labels.code}`, value.value]));
  };

  it('counts calls by method and status, health probes aside, and never grows a label for a path no service has', async () => {
    const client = createGrpcClient(PingService, { address: server.address, token: ONBOARDING_TOKEN });
    const stranger = new grpc.Client(server.address, grpc.credentials.createInsecure());
    try {
      await client.unary('Ping', { message: 'hi' });
      await client.unary('Ping', { message: 'hi' });
      await expectStatus(client.unary('Ping', { message: 'x', fail_with: grpc.status.FAILED_PRECONDITION }), grpc.status.FAILED_PRECONDITION);
      await expectStatus(createGrpcClient(PingService, { address: server.address }).unary('Ping', { message: 'hi' }), grpc.status.UNAUTHENTICATED);
      expect(await checkHealth(server.address)).toBe('SERVING');
      const unknownPath = `/made.up.Service/Method${Date.now()}`;
      await expectStatus(
        new Promise((resolve, reject) =>
          stranger.makeUnaryRequest(unknownPath, (value: Buffer) => value, (value: Buffer) => value, Buffer.alloc(0), (error, reply) => (error ? reject(error) : resolve(reply))),
        ),
        grpc.status.UNIMPLEMENTED,
      );

      expect(await counts()).toEqual({
        [`${PING_METHOD} OK`]: 2,
        [`${PING_METHOD} FAILED_PRECONDITION`]: 1,
        [`${PING_METHOD} UNAUTHENTICATED`]: 1,
      });
    } finally {
      client.close();
      stranger.close();
    }
  });
});
