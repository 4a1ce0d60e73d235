import { ConfigError } from '@chatpilot/config';
import type { Logger } from '@chatpilot/logger';

export interface RunnableService {
  start(): Promise<void>;
  /** Stops in reverse order of start: servers → consumers → relay → database. */
  stop(): Promise<void>;
}

export interface RunServiceOptions<Config> {
  name: string;
  /** Parses and validates the environment; throws ConfigError listing every problem. */
  loadConfig(): Config;
  createLogger(config: Config): Logger;
  build(config: Config, logger: Logger): Promise<RunnableService> | RunnableService;
  /** How long stop() may take before the process exits anyway; default 25 s (below k8s' 30 s grace). */
  stopTimeoutMs?: number;
  /** Injected for tests; defaults to the real process. */
  process?: Pick<NodeJS.Process, 'on' | 'once' | 'exit' | 'exitCode'>;
  writeError?: (message: string) => void;
}

const DEFAULT_STOP_TIMEOUT_MS = 25_000;

/**
 * The body of every service's main.ts: validate config (one clear message, exit 1), build, start,
 * and stop gracefully once on SIGTERM/SIGINT. Resolves once the service has started.
 */
export async function runService<Config>(options: RunServiceOptions<Config>): Promise<RunnableService | undefined> {
  const proc = options.process ?? process;
  const writeError = options.writeError ?? ((message: string) => process.stderr.write(`${message}\n`));
  let config: Config;
  try {
    config = options.loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    writeError(error.message);
    proc.exitCode = 1;
    return undefined;
  }
  const logger = options.createLogger(config);
  proc.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

  const service = await options.build(config, logger);
  try {
    await service.start();
  } catch (error) {
    logger.fatal({ err: error }, `${options.name} failed to start`);
    await service.stop().catch((stopError: unknown) => logger.error({ err: stopError }, 'stop after failed start failed'));
    proc.exitCode = 1;
    return undefined;
  }
  logger.info(`${options.name} started`);
  installShutdown(service, logger, options, proc);
  return service;
}

function installShutdown<Config>(
  service: RunnableService,
  logger: Logger,
  options: RunServiceOptions<Config>,
  proc: Pick<NodeJS.Process, 'once' | 'exit' | 'exitCode'>,
): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${options.name} stopping`);
    const timeoutMs = options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
    const timer = setTimeout(() => {
      logger.error({ timeout_ms: timeoutMs }, 'graceful stop timed out; exiting');
      proc.exit(1);
    }, timeoutMs);
    timer.unref();
    service.stop().then(
      () => {
        clearTimeout(timer);
        logger.info(`${options.name} stopped`);
        proc.exit(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        logger.error({ err: error }, 'graceful stop failed');
        proc.exit(1);
      },
    );
  };
  proc.once('SIGTERM', () => shutdown('SIGTERM'));
  proc.once('SIGINT', () => shutdown('SIGINT'));
}
