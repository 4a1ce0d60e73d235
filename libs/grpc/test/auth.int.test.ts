import * as grpc from '@grpc/grpc-js';
import { checkHealth, createGrpcClient } from '../src';
import type { GrpcClient, RejectedCall } from '../src';
import type { PingServiceClient } from '../src/generated/chatpilot/ping/v1/PingService';
import { expectStatus } from './support/expect-status';
import { ONBOARDING_TOKEN, PING_METHOD, PingService, REGISTRY_TOKEN, startPingServer } from './support/ping-server';
import type { RunningPingServer } from './support/ping-server';

describe('caller authentication over a loopback server', () => {
  let server: RunningPingServer;
  const clients: Array<GrpcClient<PingServiceClient>> = [];
  const pingClient = (token?: string) => {
    const client = createGrpcClient(PingService, { address: server.address, token });
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    server = await startPingServer();
  });
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.close());
    await server.stop();
  });

  it('rejects a call without a token as UNAUTHENTICATED, before the handler runs', async () => {
    await expectStatus(pingClient().unary('Ping', { message: 'hi' }), grpc.status.UNAUTHENTICATED);
    expect(server.control.calls).toBe(0);
  });

  it('rejects an unknown token as UNAUTHENTICATED', async () => {
    await expectStatus(pingClient('not-a-real-token').unary('Ping', { message: 'hi' }), grpc.status.UNAUTHENTICATED);
  });

  it('rejects a known caller missing from the method allow-list as PERMISSION_DENIED', async () => {
    await expectStatus(pingClient(REGISTRY_TOKEN).unary('Ping', { message: 'hi' }), grpc.status.PERMISSION_DENIED);
    expect(server.control.calls).toBe(0);
  });

  it('tells onRejected of every refused call, with the caller only when its token was valid', async () => {
    await server.stop();
    const rejected: RejectedCall[] = [];
    server = await startPingServer({ onRejected: (call) => rejected.push(call) });

    await expectStatus(pingClient('not-a-real-token').unary('Ping', { message: 'hi' }), grpc.status.UNAUTHENTICATED);
    await expectStatus(pingClient(REGISTRY_TOKEN).unary('Ping', { message: 'hi' }), grpc.status.PERMISSION_DENIED);
    await pingClient(ONBOARDING_TOKEN).unary('Ping', { message: 'hi' });

    expect(rejected).toEqual([
      { methodPath: PING_METHOD, code: grpc.status.UNAUTHENTICATED, caller: undefined },
      { methodPath: PING_METHOD, code: grpc.status.PERMISSION_DENIED, caller: 'channel-registry' },
    ]);
  });

  it('answers a body that is no valid message INVALID_ARGUMENT (not INTERNAL), without the handler, and tells onRejected', async () => {
    await server.stop();
    const rejected: RejectedCall[] = [];
    server = await startPingServer({ onRejected: (call) => rejected.push(call) });
    const raw = new grpc.Client(server.address, grpc.credentials.createInsecure());
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${ONBOARDING_TOKEN}`);
    try {
      // 0xff… is a field with an over-long varint tag: no protobuf decoder accepts it.
      const garbage = Buffer.alloc(9, 0xff);
      const error = await new Promise<grpc.ServiceError | null>((resolve) =>
        raw.makeUnaryRequest(PING_METHOD, (body: Buffer) => body, (body: Buffer) => body, garbage, metadata, (failure) => resolve(failure)),
      );
      expect(error).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: `REQUEST.INVALID: the request is not a valid ${PING_METHOD} message` });
    } finally {
      raw.close();
    }
    expect(server.control.calls).toBe(0);
    expect(rejected).toEqual([{ methodPath: PING_METHOD, code: grpc.status.INVALID_ARGUMENT, caller: 'onboarding' }]);
    await expect(pingClient(ONBOARDING_TOKEN).unary('Ping', { message: 'hi' })).resolves.toMatchObject({ message: 'pong: hi' });
  });

  it('lets an allowed caller through and tells the handler who it is', async () => {
    await expect(pingClient(ONBOARDING_TOKEN).unary('Ping', { message: 'hi' })).resolves.toEqual({ message: 'pong: hi', caller: 'onboarding' });
  });

  it('ignores a caller name a client tries to smuggle in through metadata', async () => {
    const forged = new grpc.Metadata();
    forged.set('x-chatpilot-authenticated-caller', 'channel-registry');

    const reply = await pingClient(ONBOARDING_TOKEN).unary('Ping', { message: 'hi' }, { metadata: forged });

    expect(reply.caller).toBe('onboarding');
  });

  it('keeps health probes open to unauthenticated callers', async () => {
    await expect(checkHealth(server.address)).resolves.toBe('SERVING');
  });

  it('logs method, caller and status of each call but never the token', async () => {
    await pingClient(ONBOARDING_TOKEN).unary('Ping', { message: 'hi' });
    await expectStatus(pingClient(REGISTRY_TOKEN).unary('Ping', { message: 'hi' }), grpc.status.PERMISSION_DENIED);

    const entries = server.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ grpcMethod: PING_METHOD, caller: 'onboarding', grpcCode: 'OK', durationMs: expect.any(Number) }),
        expect.objectContaining({ grpcMethod: PING_METHOD, grpcCode: 'PERMISSION_DENIED' }),
      ]),
    );
    const allOutput = server.logLines.join('\n');
    expect(allOutput).not.toContain(ONBOARDING_TOKEN);
    expect(allOutput).not.toContain(REGISTRY_TOKEN);
  });
});
