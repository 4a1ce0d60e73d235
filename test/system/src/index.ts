export {
  allocatePorts,
  databaseUrlsFor,
  DEFAULT_PORTS,
  generateSecrets,
  loadOrCreateSecrets,
  MESSAGING_SENDER,
  PROCESS_NAMES,
  SANDBOX_PARTNER_ID,
  SERVICE_NAMES,
  systemEndpoints,
  systemEnv,
} from './system-env';
export type { ProcessEnv, ProcessName, ServiceName, SystemEndpoints, SystemEnv, SystemEnvOptions, SystemPorts, SystemSecrets } from './system-env';
export * from './processes';
export { compiledModule, startCliProcess } from './cli/cli-process';
export type { CliProcess } from './cli/cli-process';
export type { RunningSystem } from './cli/running-file';
export { DEFAULT_DEMO_SYSTEM_PORTS, systemUrls } from './system-urls';
export type { DemoSystemPorts, SystemUrls } from './system-urls';
