import type { StartedTestContainer } from 'testcontainers';

import { AMQP_URL_VARIABLE, DATABASE_URL_VARIABLE, type TestInfrastructure } from '../test-infrastructure';
import {
  chooseInfrastructure,
  needsContainer,
  type ProbeResult,
  type ServicePlan,
  type ServiceProbe,
} from './choose-infrastructure';
import { startPostgres, startRabbitMq, type StartedService } from './containers';
import { probeAmqp, probeDocker, probePostgres } from './probes';

const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

export interface ResolvedInfrastructure {
  infrastructure: TestInfrastructure;
  /** Containers started for this run; the caller stops them when the run ends. */
  containers: StartedTestContainer[];
}

/** Finds PostgreSQL and RabbitMQ for the test run: env variables, then local services, then testcontainers. */
export async function resolveInfrastructure(env: NodeJS.ProcessEnv): Promise<ResolvedInfrastructure> {
  const [database, amqp] = await Promise.all([
    probeService('PostgreSQL', DATABASE_URL_VARIABLE, env[DATABASE_URL_VARIABLE], LOCAL_DATABASE_URL, probePostgres),
    probeService('RabbitMQ', AMQP_URL_VARIABLE, env[AMQP_URL_VARIABLE], LOCAL_AMQP_URL, probeAmqp),
  ]);
  const docker = needsContainer(database) || needsContainer(amqp) ? await probeDocker() : undefined;
  const decision = chooseInfrastructure({ database, amqp, docker });
  if (!decision.ok) throw new Error(decision.message);

  const [databaseUrl, amqpUrl, containers] = await startNeededContainers(decision.database, decision.amqp);
  return { infrastructure: { databaseUrl, amqpUrl }, containers };
}

async function probeService(
  service: string,
  envVariable: string,
  envValue: string | undefined,
  localUrl: string,
  probe: (url: string) => Promise<ProbeResult>,
): Promise<ServiceProbe> {
  const envUrl = envValue === undefined || envValue.trim() === '' ? undefined : envValue.trim();
  const result = await probe(envUrl ?? localUrl);
  const failure = result.reachable ? undefined : result.failure;
  return { service, envVariable, envUrl, localUrl, reachable: result.reachable, ...(failure ? { failure } : {}) };
}

async function startNeededContainers(
  database: ServicePlan,
  amqp: ServicePlan,
): Promise<[string, string, StartedTestContainer[]]> {
  const outcomes = await Promise.allSettled([
    database.source === 'container' ? startPostgres() : database.url,
    amqp.source === 'container' ? startRabbitMq() : amqp.url,
  ]);
  const started = outcomes.flatMap((outcome) =>
    outcome.status === 'fulfilled' && typeof outcome.value !== 'string' ? [outcome.value.container] : [],
  );
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) {
    await Promise.allSettled(started.map((container) => container.stop()));
    throw failed.reason;
  }
  const [databaseUrl, amqpUrl] = outcomes.map((outcome) => {
    const value = (outcome as PromiseFulfilledResult<string | StartedService>).value;
    return typeof value === 'string' ? value : value.url;
  });
  return [databaseUrl!, amqpUrl!, started];
}
