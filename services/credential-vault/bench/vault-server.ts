// The vault as it runs in production (auth interceptor, per-call log line, decrypt, audited reads),
// configured from the environment the bench hands it; the broker is replaced by the in-memory
// transport because no read touches it.
import { createLogger } from '@chatpilot/logger';
import { createInMemoryTransport } from '@chatpilot/messaging';
import { loadConfig, SERVICE_NAME } from '../src/config';
import { buildService } from '../src/service';
import { reportCpuOnRequest } from './server-cpu';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ service: SERVICE_NAME, level: config.logLevel });
  const service = buildService(config, logger, { transport: createInMemoryTransport({ logger }) });
  await service.start();
  reportCpuOnRequest();
  process.send?.({ port: service.grpcPort() });
  process.on('disconnect', () => {
    void service.stop().finally(() => process.exit(0));
  });
}

void main();
