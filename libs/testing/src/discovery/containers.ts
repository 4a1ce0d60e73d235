import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { RabbitMQContainer } from '@testcontainers/rabbitmq';
import { getContainerRuntimeClient, type StartedTestContainer } from 'testcontainers';

const POSTGRES_IMAGE = 'postgres:16-alpine';
const RABBITMQ_IMAGE = 'rabbitmq:3.13-alpine';

export interface StartedService {
  container: StartedTestContainer;
  url: string;
}

export async function assertDockerReachable(): Promise<void> {
  await getContainerRuntimeClient();
}

export async function startPostgres(): Promise<StartedService> {
  const container = await new PostgreSqlContainer(POSTGRES_IMAGE).start();
  return { container, url: container.getConnectionUri() };
}

export async function startRabbitMq(): Promise<StartedService> {
  const container = await new RabbitMQContainer(RABBITMQ_IMAGE).start();
  return { container, url: container.getAmqpUrl() };
}
