export { runService } from './run-service';
export type { RunnableService, RunServiceOptions } from './run-service';
