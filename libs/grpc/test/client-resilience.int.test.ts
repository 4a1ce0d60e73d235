import * as grpc from '@grpc/grpc-js';
import { CircuitOpenError } from '@chatpilot/resilience';
import { createGrpcClient } from '../src';
import type { GrpcClient, GrpcClientOptions } from '../src';
import type { PingServiceClient } from '../src/generated/chatpilot/ping/v1/PingService';
import { expectStatus } from './support/expect-status';
import { HANG, ONBOARDING_TOKEN, PingService, SLOW, SLOW_ANSWER_MS, startPingServer } from './support/ping-server';
import type { RunningPingServer } from './support/ping-server';

/** Test-table rows that show a status by its name. */
const named = (codes: grpc.status[]): Array<[string, grpc.status]> => codes.map((code) => [grpc.status[code], code]);

describe('gRPC client deadlines, retries and breaker over a loopback server', () => {
  let server: RunningPingServer;
  const clients: Array<GrpcClient<PingServiceClient>> = [];
  const pingClient = (options: Omit<GrpcClientOptions, 'address' | 'token'> = {}) => {
    const client = createGrpcClient(PingService, { address: server.address, token: ONBOARDING_TOKEN, ...options });
    clients.push(client);
    return client;
  };
  const quickRetry = { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 };

  beforeEach(async () => {
    server = await startPingServer();
  });
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.close());
    await server.stop();
  });

  describe('deadlines', () => {
    it('applies the client default deadline to every call', async () => {
      const startedAt = Date.now();

      await expectStatus(pingClient({ deadlineMs: 300 }).unary('Ping', { message: HANG }), grpc.status.DEADLINE_EXCEEDED);

      expect(Date.now() - startedAt).toBeLessThan(5_000);
    });

    it('keeps the server stopping until a handler whose client gave up has answered', async () => {
      await expectStatus(pingClient().unary('Ping', { message: SLOW }, { deadlineMs: 100 }), grpc.status.DEADLINE_EXCEEDED);
      expect(server.control.slowAnswered).toBe(0);

      const stopping = Date.now();
      await server.grpcServer.stop(5_000);

      expect(server.control.slowAnswered).toBe(1);
      expect(Date.now() - stopping).toBeLessThan(SLOW_ANSWER_MS + 2_000);
    });

    it('lets a single call shorten the deadline', async () => {
      const startedAt = Date.now();

      await expectStatus(pingClient({ deadlineMs: 60_000 }).unary('Ping', { message: HANG }, { deadlineMs: 300 }), grpc.status.DEADLINE_EXCEEDED);

      expect(Date.now() - startedAt).toBeLessThan(5_000);
    });

    it('puts the default deadline on calls made through the raw stub too', async () => {
      const { stub } = pingClient({ deadlineMs: 300 });
      const call = new Promise((resolve, reject) => stub.Ping({ message: HANG }, (error, reply) => (error ? reject(error) : resolve(reply))));

      await expectStatus(call, grpc.status.DEADLINE_EXCEEDED);
    });
  });

  describe('retries', () => {
    it('retries UNAVAILABLE until the server answers', async () => {
      server.control.scriptedFailures = [grpc.status.UNAVAILABLE, grpc.status.UNAVAILABLE];

      await expect(pingClient({ retry: quickRetry }).unary('Ping', { message: 'hi' })).resolves.toMatchObject({ message: 'pong: hi' });

      expect(server.control.calls).toBe(3);
    });

    it('gives up with UNAVAILABLE once the attempts are used', async () => {
      server.control.scriptedFailures = Array(5).fill(grpc.status.UNAVAILABLE);

      await expectStatus(pingClient({ retry: quickRetry }).unary('Ping', { message: 'hi' }), grpc.status.UNAVAILABLE);

      expect(server.control.calls).toBe(3);
    });

    it.each(named([grpc.status.INTERNAL, grpc.status.NOT_FOUND, grpc.status.RESOURCE_EXHAUSTED]))('does not retry %s', async (_name, code) => {
      server.control.scriptedFailures = [code, code, code];

      await expectStatus(pingClient({ retry: quickRetry }).unary('Ping', { message: 'hi' }), code);

      expect(server.control.calls).toBe(1);
    });

    it('does not retry a call that ran out of its deadline', async () => {
      await expectStatus(pingClient({ retry: quickRetry, deadlineMs: 300 }).unary('Ping', { message: HANG }), grpc.status.DEADLINE_EXCEEDED);

      expect(server.control.calls).toBe(1);
    });
  });

  describe('circuit breaker', () => {
    const breaker = { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 };

    it('opens after repeated UNAVAILABLE and then fails fast without calling the server', async () => {
      const client = pingClient({ breaker: { ...breaker, name: 'ping' } });
      for (let i = 0; i < 3; i += 1) {
        await expectStatus(client.unary('Ping', { message: 'hi', fail_with: grpc.status.UNAVAILABLE }), grpc.status.UNAVAILABLE);
      }
      expect(client.breakerState()).toBe('open');

      await expect(client.unary('Ping', { message: 'hi' })).rejects.toEqual(new CircuitOpenError('ping'));
      expect(server.control.calls).toBe(3);
    });

    it('counts an unreachable server as a failure too', async () => {
      const unreachable = await startPingServer();
      await unreachable.stop();
      const client = createGrpcClient(PingService, { address: unreachable.address, token: ONBOARDING_TOKEN, breaker });
      clients.push(client);

      for (let i = 0; i < 3; i += 1) await expectStatus(client.unary('Ping', { message: 'hi' }), grpc.status.UNAVAILABLE);

      expect(client.breakerState()).toBe('open');
    });

    it('does not retry once the breaker is open', async () => {
      server.control.scriptedFailures = Array(10).fill(grpc.status.UNAVAILABLE);
      const client = pingClient({ breaker, retry: { attempts: 10, baseDelayMs: 1, maxDelayMs: 5 } });

      await expect(client.unary('Ping', { message: 'hi' })).rejects.toBeInstanceOf(CircuitOpenError);

      expect(server.control.calls).toBe(3);
    });

    it.each(
      named([
        grpc.status.NOT_FOUND,
        grpc.status.PERMISSION_DENIED,
        grpc.status.INVALID_ARGUMENT,
        grpc.status.FAILED_PRECONDITION,
        grpc.status.ALREADY_EXISTS,
        grpc.status.UNAUTHENTICATED,
      ]),
    )('stays closed however often the server answers %s', async (_name, code) => {
      const client = pingClient({ breaker });

      for (let i = 0; i < 6; i += 1) await expectStatus(client.unary('Ping', { message: 'hi', fail_with: code }), code);

      expect(client.breakerState()).toBe('closed');
      expect(server.control.calls).toBe(6);
    });

    it("stays closed when the server's auth interceptor turns the caller away", async () => {
      const client = createGrpcClient(PingService, { address: server.address, token: 'wrong', breaker });
      clients.push(client);

      for (let i = 0; i < 6; i += 1) await expectStatus(client.unary('Ping', { message: 'hi' }), grpc.status.UNAUTHENTICATED);

      expect(client.breakerState()).toBe('closed');
    });
  });
});
