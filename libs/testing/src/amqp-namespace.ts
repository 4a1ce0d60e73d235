import amqp from 'amqplib';

import { testInfrastructure } from './test-infrastructure';
import { uniqueName } from './unique-name';

export interface AmqpNamespace {
  url: string;
  /** Every name this namespace hands out starts with it. */
  prefix: string;
  /** A unique exchange or queue name, remembered for `cleanup()`. */
  name(suffix: string): string;
  /** Deletes every exchange and queue named through `name()`. */
  cleanup(): Promise<void>;
}

/** Unique exchange and queue names on the shared test broker, so test files never see each other's messages. */
export async function createAmqpNamespace(label?: string): Promise<AmqpNamespace> {
  const url = testInfrastructure().amqpUrl;
  const prefix = uniqueName('t', label, 60).replaceAll('_', '.');
  const names = new Set<string>();
  return {
    url,
    prefix,
    name: (suffix) => {
      const name = `${prefix}.${suffix}`;
      names.add(name);
      return name;
    },
    cleanup: async () => {
      await deleteExchangesAndQueues(url, [...names]);
      names.clear();
    },
  };
}

async function deleteExchangesAndQueues(url: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    // A name may have been used for an exchange, a queue or both; RabbitMQ deletes missing ones as a no-op.
    for (const name of names) {
      await channel.deleteQueue(name);
      await channel.deleteExchange(name);
    }
    await channel.close();
  } finally {
    await connection.close();
  }
}
