import { createLogger } from '@chatpilot/logger';
import { runService } from '@chatpilot/runtime';

import { loadConfig, SERVICE_NAME } from './config';
import { buildService } from './service';

void runService({
  name: SERVICE_NAME,
  loadConfig: () => loadConfig(),
  createLogger: (config) => createLogger({ service: SERVICE_NAME, level: config.LOG_LEVEL }),
  build: buildService,
});
