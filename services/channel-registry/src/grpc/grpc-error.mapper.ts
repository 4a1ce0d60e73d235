import * as grpc from '@grpc/grpc-js';

import { REGISTRY_ERROR_CODES, type RegistryErrorCode } from '../domain/errors';

/** Metadata key carrying the registry's error code next to the gRPC status. */
const ERROR_CODE_METADATA_KEY = 'x-error-code';

const STATUS_BY_CODE: Record<RegistryErrorCode, grpc.status> = {
  [REGISTRY_ERROR_CODES.channelNotFound]: grpc.status.NOT_FOUND,
  [REGISTRY_ERROR_CODES.channelOwnedByOtherTenant]: grpc.status.FAILED_PRECONDITION,
  [REGISTRY_ERROR_CODES.invalidRequest]: grpc.status.INVALID_ARGUMENT,
  [REGISTRY_ERROR_CODES.invalidPageToken]: grpc.status.INVALID_ARGUMENT,
};

/** The one mapping from the registry's error codes to gRPC statuses. */
export function toGrpcError(code: RegistryErrorCode, message: string): grpc.ServiceError {
  const metadata = new grpc.Metadata();
  metadata.set(ERROR_CODE_METADATA_KEY, code);
  return Object.assign(new Error(message), { code: STATUS_BY_CODE[code], details: `${code}: ${message}`, metadata });
}

export function internalError(): Partial<grpc.StatusObject> {
  return { code: grpc.status.INTERNAL, details: 'Internal error' };
}
