import { HttpError } from '@chatpilot/http';

import type { RegistryErrorCode } from '../domain/errors';
import { REGISTRY_ERROR_CODES } from '../domain/errors';

const STATUS_BY_CODE: Record<RegistryErrorCode, number> = {
  [REGISTRY_ERROR_CODES.channelNotFound]: 404,
  [REGISTRY_ERROR_CODES.channelOwnedByOtherTenant]: 409,
  [REGISTRY_ERROR_CODES.invalidRequest]: 400,
  [REGISTRY_ERROR_CODES.invalidPageToken]: 400,
};

/** The one mapping from the registry's error codes to HTTP statuses (the app's error mapper renders it). */
export function toHttpError(code: RegistryErrorCode, message: string): HttpError {
  return new HttpError(STATUS_BY_CODE[code], code, message);
}
