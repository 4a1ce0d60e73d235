import * as grpc from '@grpc/grpc-js';
import { checkHealth, createGrpcClient } from '../src';
import type { ClientTlsOptions, GrpcClient } from '../src';
import type { PingServiceClient } from '../src/generated/chatpilot/ping/v1/PingService';
import { expectStatus } from './support/expect-status';
import { PingService, REGISTRY_TOKEN, startPingServer } from './support/ping-server';
import type { RunningPingServer } from './support/ping-server';
import { createTestPki } from './support/test-certificates';
import type { TestPki } from './support/test-certificates';

describe('mutual TLS over a loopback server', () => {
  let pki: TestPki;
  let server: RunningPingServer;
  const clients: Array<GrpcClient<PingServiceClient>> = [];
  const pingClient = (tls: ClientTlsOptions, token?: string) => {
    const client = createGrpcClient(PingService, { address: tlsAddress(), tls, token });
    clients.push(client);
    return client;
  };

  // By host name: TLS clients must not send an IP address as the server name (RFC 6066).
  const tlsAddress = () => server.address.replace('127.0.0.1', 'localhost');

  beforeAll(async () => {
    pki = createTestPki();
    server = await startPingServer({ tls: { rootCert: pki.caCert, ...pki.server, requireClientCert: true } });
  });
  afterAll(async () => {
    clients.splice(0).forEach((client) => client.close());
    await server?.stop();
    pki?.remove();
  });

  it('identifies the caller by its certificate CN when it sends no token', async () => {
    const reply = await pingClient({ rootCert: pki.caCert, ...pki.client('onboarding') }).unary('Ping', { message: 'hi' });

    expect(reply.caller).toBe('onboarding');
  });

  it('still applies the allow-list to certificate callers', async () => {
    await expectStatus(pingClient({ rootCert: pki.caCert, ...pki.client('reporting') }).unary('Ping', { message: 'hi' }), grpc.status.PERMISSION_DENIED);
  });

  it('lets a bearer token take precedence over the certificate', async () => {
    const call = pingClient({ rootCert: pki.caCert, ...pki.client('onboarding') }, REGISTRY_TOKEN).unary('Ping', { message: 'hi' });

    await expectStatus(call, grpc.status.PERMISSION_DENIED);
  });

  it('refuses a client without a certificate at the handshake', async () => {
    const callsBefore = server.control.calls;

    await expectStatus(pingClient({ rootCert: pki.caCert }).unary('Ping', { message: 'hi' }), grpc.status.UNAVAILABLE);

    expect(server.control.calls).toBe(callsBefore);
  });

  it('serves health checks to clients presenting a certificate', async () => {
    await expect(checkHealth(tlsAddress(), { tls: { rootCert: pki.caCert, ...pki.client('kubelet') } })).resolves.toBe('SERVING');
  });
});
