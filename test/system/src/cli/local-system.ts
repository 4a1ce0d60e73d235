import { join } from 'node:path';

import { startDemoServer } from '../demo/demo-server';
import type { LoggerFactory } from '../embedded/embedded-system';
import { createShutdownStack } from '../embedded/shutdown-stack';
import { startSystemProcesses } from '../processes';
import { databaseUrlsFor, loadOrCreateSecrets } from '../system-env';
import { systemUrls, type DemoSystemPorts, type SystemUrls } from '../system-urls';
import { assertBrokerAnswers } from './broker-check';
import { formatLogLine } from './console-log';
import { LOCAL_MODE_FOLDER } from './reset';

export interface LocalSystemOptions {
  dataDir: string;
  ports: DemoSystemPorts;
  databaseUrl: string;
  amqpUrl: string;
  /** The sandbox's SANDBOX_STATUS_SCHEDULE. */
  statusSchedule: string;
  logLevel: string;
  logger: LoggerFactory;
}

/**
 * Each service and the sandbox as its own process on real PostgreSQL (one database per service,
 * created by the services when missing) and RabbitMQ, with the demo page served from this process.
 */
export async function startLocalSystem(options: LocalSystemOptions): Promise<{ urls: SystemUrls; secretsFile: string; stop(): Promise<void> }> {
  await assertBrokerAnswers(options.amqpUrl);
  const host = '127.0.0.1';
  const urls = systemUrls(options.ports, host);
  const secretsFile = join(options.dataDir, LOCAL_MODE_FOLDER, 'secrets.json');
  const secrets = loadOrCreateSecrets(secretsFile);
  const stack = createShutdownStack(options.logger('system'));
  try {
    const processes = await startSystemProcesses({
      ports: options.ports,
      host,
      databaseUrls: databaseUrlsFor(options.databaseUrl, 'chatpilot'),
      amqpUrl: options.amqpUrl,
      secrets,
      frontendBaseUrl: urls.demo,
      logLevel: options.logLevel,
      sandboxStatusSchedule: options.statusSchedule,
      logSink: (name, line, stream) => (stream === 'stderr' ? process.stderr : process.stdout).write(`${formatLogLine(line, name)}\n`),
    });
    stack.push('processes', () => processes.stop());
    const demo = await startDemoServer({ port: options.ports.demo, host, onboardingUrl: urls.onboarding, internalApiKey: secrets.internalApiKey, logger: options.logger('demo') });
    stack.push('demo', () => demo.close());
    return { urls, secretsFile, stop: () => stack.unwind() };
  } catch (error) {
    await stack.unwind();
    throw error;
  }
}
