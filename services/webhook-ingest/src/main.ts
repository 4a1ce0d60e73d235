import { createLogger } from '@chatpilot/logger';
import { runService } from '@chatpilot/runtime';

import { loadConfig } from './config';
import { buildService, SERVICE_NAME } from './service';

void runService({
  name: SERVICE_NAME,
  loadConfig: () => loadConfig(),
  createLogger: (config) => createLogger({ service: SERVICE_NAME, level: config.LOG_LEVEL }),
  build: (config, logger) => buildService(config, logger),
});
