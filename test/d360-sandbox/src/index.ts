export { createSandbox } from './sandbox';
export type { Sandbox, SandboxOptions } from './sandbox';
export { SandboxControlClient, SandboxControlError } from './control/sandbox-control-client';
export type * from './control/control-types';
export type { SandboxLogger } from './logger';
export type { PartnerEvent } from './webhooks/delivery';
