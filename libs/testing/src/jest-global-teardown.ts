import { stopRememberedContainers } from './discovery/run-containers';

/** Jest globalTeardown of the integration project: stops the containers globalSetup started, if any. */
export default async function globalTeardown(): Promise<void> {
  await stopRememberedContainers();
}
