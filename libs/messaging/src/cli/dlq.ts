import { env, parseConfig } from '@chatpilot/config';
import { createLogger } from '@chatpilot/logger';
import { z } from 'zod';

import { createAmqpTransport } from '../amqp/amqp-transport';
import { parseDlqArguments, runDlqCommand } from './dlq-command';

// `npm run dlq -- --service <name> [--replay <id>|--replay-all]`: lists or replays a consumer's
// dead letters on the RabbitMQ at AMQP_URL.
const configSchema = z.object({ AMQP_URL: env.amqpUrl(), LOG_LEVEL: env.logLevel().default('warn') });

async function main(): Promise<number> {
  const command = parseDlqArguments(process.argv.slice(2));
  const config = parseConfig('dlq', configSchema, process.env);
  const logger = createLogger({ service: 'dlq-cli', level: config.LOG_LEVEL, destination: process.stderr });
  const transport = createAmqpTransport({ url: config.AMQP_URL, logger, connectionName: 'dlq-cli' });
  await transport.start();
  try {
    if (!transport.isConnected()) throw new Error('cannot reach RabbitMQ at AMQP_URL');
    const { output, exitCode } = await runDlqCommand(command, transport.deadLetters);
    console.log(output);
    return exitCode;
  } finally {
    await transport.close();
  }
}

main().then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
