import type { StartedTestContainer } from 'testcontainers';

// Jest runs globalSetup and globalTeardown in the same parent process but as separate modules;
// a global is the documented way to hand state from one to the other.
const CONTAINERS_KEY = Symbol.for('chatpilot.testing.containers');

interface ContainerRegistry {
  [CONTAINERS_KEY]?: StartedTestContainer[];
}

export function rememberContainers(containers: StartedTestContainer[]): void {
  (globalThis as ContainerRegistry)[CONTAINERS_KEY] = containers;
}

export async function stopRememberedContainers(): Promise<void> {
  const registry = globalThis as ContainerRegistry;
  const containers = registry[CONTAINERS_KEY] ?? [];
  delete registry[CONTAINERS_KEY];
  await Promise.all(containers.map((container) => container.stop()));
}
