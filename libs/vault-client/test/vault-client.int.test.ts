import * as grpc from '@grpc/grpc-js';
import { CircuitOpenError } from '@chatpilot/resilience';
import { createVaultClient, type VaultClient, type VaultClientOptions } from '../src';
import { SENDER_TOKEN, startScriptedVaultServer, type ScriptedVaultServer } from './support/scripted-vault-server';

describe('vault client against a loopback gRPC server', () => {
  let server: ScriptedVaultServer;
  const clients: VaultClient[] = [];
  const client = (options: Partial<VaultClientOptions> = {}) => {
    const created = createVaultClient({ address: server.address, token: SENDER_TOKEN, retry: false, breaker: false, ...options });
    clients.push(created);
    return created;
  };

  beforeEach(async () => {
    server = await startScriptedVaultServer();
  });
  afterEach(async () => {
    clients.splice(0).forEach((created) => created.close());
    await server.stop();
  });

  it('returns typed credentials, authenticated with its token', async () => {
    await expect(client().getChannelCredentials('ch-1', { tenantId: 'tenant-x' })).resolves.toEqual({
      channelId: 'ch-1',
      tenantId: 'tenant-x',
      apiKey: 'key-for-ch-1-call-1',
      address: 'https://waba.example/messaging-sender',
      generation: 1,
    });
  });

  it('gives up at its deadline when the vault does not answer', async () => {
    server.script.push('hang');
    const started = Date.now();

    await expect(client({ deadlineMs: 300 }).getChannelCredentials('ch-1')).rejects.toMatchObject({ code: grpc.status.DEADLINE_EXCEEDED });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('retries UNAVAILABLE, and only that', async () => {
    server.script.push(grpc.status.UNAVAILABLE, grpc.status.UNAVAILABLE);
    await expect(client({ retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20 } }).getChannelCredentials('ch-1')).resolves.toMatchObject({ apiKey: 'key-for-ch-1-call-3' });

    server.script.push(grpc.status.NOT_FOUND);
    await expect(client({ retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20 } }).getChannelCredentials('ch-2')).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    expect(server.calls).toBe(4);
  });

  it('does not retry a forced rotation answered UNAVAILABLE, as it may have issued a key', async () => {
    server.script.push(grpc.status.UNAVAILABLE);
    const retrying = client({ retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20 } });

    await expect(retrying.provisionChannelKey({ tenantId: 'tenant-a', channelId: 'ch-1', forceRotate: true })).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    expect(server.calls).toBe(1);
  });

  it('retries a provisioning without force_rotate answered UNAVAILABLE, which returns the existing key', async () => {
    server.script.push(grpc.status.UNAVAILABLE);
    const retrying = client({ retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20 } });

    await expect(retrying.provisionChannelKey({ tenantId: 'tenant-a', channelId: 'ch-1' })).resolves.toMatchObject({ created: false, key: { channelId: 'ch-1' } });
    expect(server.calls).toBe(2);
  });

  it('opens its breaker on repeated UNAVAILABLE and then fails fast without calling', async () => {
    server.script.push(...Array.from({ length: 10 }, () => grpc.status.UNAVAILABLE));
    const breaking = client({ breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 } });

    for (let call = 0; call < 3; call += 1) await expect(breaking.getChannelCredentials('ch-1')).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });

    expect(breaking.breakerState()).toBe('open');
    await expect(breaking.getChannelCredentials('ch-1')).rejects.toBeInstanceOf(CircuitOpenError);
    expect(server.calls).toBe(3);
  });

  it('does not count business answers such as NOT_FOUND against the breaker', async () => {
    server.script.push(...Array.from({ length: 5 }, () => grpc.status.NOT_FOUND));
    const breaking = client({ breaker: { volumeThreshold: 2, errorThresholdPercentage: 10, resetTimeoutMs: 60_000 } });

    for (let call = 0; call < 5; call += 1) await expect(breaking.getChannelCredentials('ch-1')).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    expect(breaking.breakerState()).toBe('closed');
  });

  it('serves cached credentials within the TTL and asks again after invalidate()', async () => {
    const caching = client({ cacheTtlMs: 60_000 });

    const first = await caching.getChannelCredentials('ch-1');
    await expect(caching.getChannelCredentials('ch-1')).resolves.toEqual(first);
    expect(server.calls).toBe(1);

    caching.invalidate('ch-1');
    await expect(caching.getChannelCredentials('ch-1')).resolves.toMatchObject({ apiKey: 'key-for-ch-1-call-2' });
  });

  it('caches nothing by default', async () => {
    const plain = client();
    await plain.getChannelCredentials('ch-1');
    await plain.getChannelCredentials('ch-1');
    expect(server.calls).toBe(2);
  });

  it('refuses a cache TTL that is not short', () => {
    expect(() => client({ cacheTtlMs: 10 * 60_000 })).toThrow(RangeError);
  });
});
