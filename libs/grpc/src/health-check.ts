import type { ClientTlsOptions } from './client';
import { createGrpcClient } from './client';
import type { HealthCheckResponse__Output } from './generated/grpc/health/v1/HealthCheckResponse';
import type { ProtoGrpcType as HealthProto } from './generated/health';
import { loadProtoPackage } from './proto-loader';

export interface HealthCheckOptions {
  /** '' (default) asks about the whole server. */
  service?: string;
  deadlineMs?: number;
  tls?: ClientTlsOptions;
  protosDir?: string;
}

/** Asks a server's grpc.health.v1.Health/Check; rejects with NOT_FOUND for a service it does not know. */
export async function checkHealth(address: string, options: HealthCheckOptions = {}): Promise<HealthCheckResponse__Output['status']> {
  const { Health } = loadProtoPackage<HealthProto>('grpc/health/v1/health.proto', options.protosDir).grpc.health.v1;
  const client = createGrpcClient(Health, { address, deadlineMs: options.deadlineMs ?? 2_000, tls: options.tls });
  try {
    const { status } = await client.unary('Check', { service: options.service ?? '' });
    return status;
  } finally {
    client.close();
  }
}
