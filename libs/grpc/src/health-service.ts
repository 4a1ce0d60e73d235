import * as grpc from '@grpc/grpc-js';
import type { HealthCheckRequest__Output } from './generated/grpc/health/v1/HealthCheckRequest';
import type { HealthCheckResponse } from './generated/grpc/health/v1/HealthCheckResponse';
import type { HealthDefinition, HealthHandlers } from './generated/grpc/health/v1/Health';
import type { ProtoGrpcType as HealthProto } from './generated/health';
import { loadProtoPackage } from './proto-loader';

export type ServingStatus = 'SERVING' | 'NOT_SERVING';

/** Method paths of grpc.health.v1.Health start with this; probes call them without credentials. */
export const HEALTH_SERVICE_PATH_PREFIX = '/grpc.health.v1.Health/';

export interface HealthService {
  definition: HealthDefinition;
  implementation: HealthHandlers;
  /** '' is the whole server; other names are fully-qualified gRPC service names. */
  setStatus(service: string, status: ServingStatus): void;
  /** Marks every service NOT_SERVING and ends the open Watch streams so shutdown is not held up. */
  shutdown(): void;
}

type Watcher = grpc.ServerWritableStream<HealthCheckRequest__Output, HealthCheckResponse>;

/** Fully-qualified gRPC service names are short; a longer one is refused rather than echoed or kept. */
const MAX_SERVICE_NAME_LENGTH = 256;

function nameTooLong(): Partial<grpc.StatusObject> & { code: grpc.status; details: string } {
  return { code: grpc.status.INVALID_ARGUMENT, details: `service name longer than ${MAX_SERVICE_NAME_LENGTH} characters` };
}

/** grpc.health.v1.Health: Check answers NOT_FOUND for unknown services; Watch streams every change. */
export function createHealthService(protosDir?: string): HealthService {
  const statuses = new Map<string, ServingStatus>([['', 'SERVING']]);
  const watchers = new Map<string, Set<Watcher>>();
  const proto = loadProtoPackage<HealthProto>('grpc/health/v1/health.proto', protosDir);

  const implementation: HealthHandlers = {
    Check: (call, callback) => {
      const { service } = call.request;
      if (service.length > MAX_SERVICE_NAME_LENGTH) return callback(nameTooLong());
      const status = statuses.get(service);
      if (status === undefined) return callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${JSON.stringify(service)}` });
      return callback(null, { status });
    },
    Watch: (call) => {
      const { service } = call.request;
      if (service.length > MAX_SERVICE_NAME_LENGTH) return void call.emit('error', nameTooLong());
      const serviceWatchers = watchers.get(service) ?? new Set<Watcher>();
      watchers.set(service, serviceWatchers.add(call));
      // Probes call without credentials: what they leave behind must go with them.
      call.on('cancelled', () => {
        serviceWatchers.delete(call);
        if (serviceWatchers.size === 0 && watchers.get(service) === serviceWatchers) watchers.delete(service);
      });
      call.write({ status: statuses.get(service) ?? 'SERVICE_UNKNOWN' });
    },
  };

  const setStatus = (service: string, status: ServingStatus): void => {
    if (statuses.get(service) === status) return;
    statuses.set(service, status);
    for (const watcher of watchers.get(service) ?? []) watcher.write({ status });
  };

  return {
    definition: proto.grpc.health.v1.Health.service,
    implementation,
    setStatus,
    shutdown: () => {
      for (const service of statuses.keys()) setStatus(service, 'NOT_SERVING');
      for (const serviceWatchers of watchers.values()) serviceWatchers.forEach((watcher) => watcher.end());
      watchers.clear();
    },
  };
}
