import { checkHealth } from '@chatpilot/grpc';

import type { ProcessName, SystemEndpoints } from '../system-env';

/** One condition a started process must meet before it counts as up. */
export interface ReadinessProbe {
  description: string;
  isReady(): Promise<boolean>;
}

export function httpReady(url: string): ReadinessProbe {
  return {
    description: `GET ${url} answering 200`,
    isReady: async () => {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      return response.status === 200;
    },
  };
}

export function grpcServing(address: string): ReadinessProbe {
  return {
    description: `gRPC health of ${address} SERVING`,
    isReady: async () => (await checkHealth(address, { deadlineMs: 2_000 })) === 'SERVING',
  };
}

/** What "up" means for each process: /readyz (database and broker), gRPC health, the sandbox's control API. */
export function readinessProbesOf(name: ProcessName, endpoints: SystemEndpoints): ReadinessProbe[] {
  switch (name) {
    case 'd360-sandbox':
      return [httpReady(`${endpoints.sandbox}/sandbox/info`)];
    case 'webhook-ingest':
      return [httpReady(`${endpoints.webhookIngest}/readyz`)];
    case 'channel-registry':
      return [httpReady(`${endpoints.registryHttp}/readyz`), grpcServing(endpoints.registryGrpc)];
    case 'credential-vault':
      return [httpReady(`${endpoints.vaultHttp}/readyz`), grpcServing(endpoints.vaultGrpc)];
    case 'onboarding':
      return [httpReady(`${endpoints.onboarding}/readyz`)];
  }
}

/** Resolves once every probe passes; rejects when `gaveUp` settles first or the time is over. */
export async function waitUntilReady(probes: readonly ReadinessProbe[], options: { timeoutMs: number; gaveUp: Promise<string> }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let stopReason: string | undefined;
  void options.gaveUp.then((reason) => (stopReason = reason));
  for (const probe of probes) {
    for (;;) {
      if (stopReason !== undefined) throw new Error(stopReason);
      if (await probe.isReady().catch(() => false)) break;
      if (Date.now() > deadline) throw new Error(`not ready after ${options.timeoutMs} ms: waiting for ${probe.description}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
