import { freePort } from '@chatpilot/testing';

import { parseStartOptions, USAGE, type StartOptions } from './cli/cli-options';
import { consoleLoggerFactory, readableFailure } from './cli/console-log';
import { endpointTable } from './cli/endpoint-table';
import { startLocalSystem } from './cli/local-system';
import { resetEmbeddedData } from './cli/reset';
import { writeRunningFile } from './cli/running-file';
import { startEmbeddedSystem, type LoggerFactory } from './embedded/embedded-system';
import { repoRoot } from './processes';
import { allocatePorts } from './system-env';
import { DEFAULT_DEMO_SYSTEM_PORTS, type DemoSystemPorts, type SystemUrls } from './system-urls';

/** A stop that hangs (it should not) must not keep Ctrl-C from ending the program. */
const STOP_DEADLINE_MS = 30_000;

/**
 * `npm start`: the whole system with the demo page around it, embedded (one process, PGlite,
 * in-memory bus; nothing to install) or, with DATABASE_URL/AMQP_URL or `--infra local`, one
 * process per service on PostgreSQL and RabbitMQ. Ctrl-C stops everything. `npm run reset`
 * deletes the embedded data.
 */
async function main(argv: readonly string[]): Promise<void> {
  const options = optionsOrUsage(argv);
  if (options.command === 'help') return void process.stdout.write(USAGE);
  if (options.command === 'reset') return reset(options.dataDir);

  // Listening from the start: Ctrl-C during start-up stops the system as soon as it is up.
  const signalled = untilSignalled();
  const logger = consoleLoggerFactory(options.logLevel);
  const ports = options.freePorts ? await freePorts() : { ...DEFAULT_DEMO_SYSTEM_PORTS };
  process.stdout.write(`Starting ChatPilot (${describeMode(options)})…\n`);
  const system = await startSystem(options, ports, logger).catch((error: unknown) => {
    throw options.infra === 'local' ? withServersNamed(error, options) : error;
  });
  const removeRunningFile = writeRunningFile(options.dataDir, { pid: process.pid, mode: options.infra, urls: system.urls, secretsFile: system.secretsFile });
  process.stdout.write(endpointTable(system.urls, describeMode(options)));
  await signalled;
  process.stdout.write('\nStopping ChatPilot…\n');
  const deadline = setTimeout(() => {
    process.stderr.write(`Could not stop within ${STOP_DEADLINE_MS / 1000} s; exiting anyway.\n`);
    process.exit(1);
  }, STOP_DEADLINE_MS);
  removeRunningFile();
  await system.stop();
  clearTimeout(deadline);
  process.stdout.write('Stopped.\n');
}

function optionsOrUsage(argv: readonly string[]): StartOptions {
  try {
    return parseStartOptions(argv, process.env, repoRoot());
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}

function startSystem(options: StartOptions, ports: DemoSystemPorts, logger: LoggerFactory): Promise<{ urls: SystemUrls; secretsFile: string; stop(): Promise<void> }> {
  if (options.infra === 'embedded') {
    return startEmbeddedSystem({ dataDir: options.dataDir, ports, logger, statusSchedule: options.statusSchedule });
  }
  const schedule = typeof options.statusSchedule === 'string' ? options.statusSchedule : String(options.statusSchedule.stepDelayMs);
  return startLocalSystem({ ...options, ports, statusSchedule: schedule, logger });
}

function describeMode(options: StartOptions): string {
  return options.infra === 'embedded'
    ? `embedded: one process, a PGlite database per service in ${options.dataDir}, in-memory event bus`
    : `local: one process per service on ${redactedUrl(options.databaseUrl)} and ${redactedUrl(options.amqpUrl)}`;
}

/** A local start that failed, with the servers its services used: most such failures are one of them not answering. */
function withServersNamed(error: unknown, options: StartOptions): Error {
  const servers = `The services used PostgreSQL at ${redactedUrl(options.databaseUrl)} (DATABASE_URL) and RabbitMQ at ${redactedUrl(options.amqpUrl)} (AMQP_URL): check that both answer there.`;
  const message = error instanceof Error ? error.message : String(error);
  return Object.assign(new Error(`${message}\n${servers}`, { cause: error }), { code: (error as NodeJS.ErrnoException | null)?.code });
}

function redactedUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

function reset(dataDir: string): void {
  const removed = resetEmbeddedData(dataDir);
  process.stdout.write(removed.length > 0 ? `Deleted ${removed.join(', ')} from ${dataDir}.\n` : `Nothing to delete in ${dataDir}.\n`);
}

async function freePorts(): Promise<DemoSystemPorts> {
  return { ...(await allocatePorts()), demo: await freePort() };
}

function untilSignalled(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // A second Ctrl-C while stopping is answered, not fatal: the stop finishes (or hits its deadline).
      process.on('SIGINT', () => process.stdout.write('Still stopping…\n'));
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** What the person typed, to name what failed (`--data-dir reset` is a start). */
function commandTyped(argv: readonly string[]): string {
  try {
    return parseStartOptions(argv, process.env, repoRoot()).command === 'reset' ? 'npm run reset' : 'npm start';
  } catch {
    return 'npm start';
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${commandTyped(process.argv.slice(2))} failed: ${readableFailure(error instanceof Error ? error.message : String(error))}\n`);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write('Another program uses that port: stop it, or run `npm start -- --free-ports`.\n');
    }
    process.exit(1);
  },
);
