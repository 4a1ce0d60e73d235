export { runService } from './run-service';
export type { RunnableService, RunServiceOptions } from './run-service';
export { createShutdownStack } from './shutdown-stack';
export type { ShutdownStack, StopStep } from './shutdown-stack';
