import { resolveInfrastructure } from './discovery/resolve-infrastructure';
import { rememberContainers } from './discovery/run-containers';
import { AMQP_URL_VARIABLE, DATABASE_URL_VARIABLE } from './test-infrastructure';

/**
 * Jest globalSetup of the integration project: resolves PostgreSQL and RabbitMQ once, in the parent
 * process, and publishes their URLs through process.env, which the test workers inherit.
 */
export default async function globalSetup(): Promise<void> {
  const { infrastructure, containers } = await resolveInfrastructure(process.env);
  rememberContainers(containers);
  process.env[DATABASE_URL_VARIABLE] = infrastructure.databaseUrl;
  process.env[AMQP_URL_VARIABLE] = infrastructure.amqpUrl;
}
