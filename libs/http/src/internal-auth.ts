import { createHash, timingSafeEqual } from 'node:crypto';

import type { NextFunction, Request, RequestHandler, Response } from 'express';

import { HttpError } from './http-error';

export const INTERNAL_KEY_HEADER = 'x-internal-key';
export const TENANT_ID_HEADER = 'x-tenant-id';

const TENANT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by requireTenant() from the X-Tenant-Id header. */
    tenantId?: string;
  }
}

/**
 * X-Internal-Key against a list of accepted keys (several during rotation). Keys are compared as
 * SHA-256 digests with timingSafeEqual, so neither content nor length leaks through timing.
 */
export function requireInternalKey(acceptedKeys: readonly string[]): RequestHandler {
  const digests = acceptedKeys.map(sha256);
  return (req: Request, _res: Response, next: NextFunction) => {
    const presented = req.get(INTERNAL_KEY_HEADER);
    if (presented === undefined || presented === '') {
      return next(new HttpError(401, 'AUTH.INTERNAL_KEY_MISSING', 'The X-Internal-Key header is required'));
    }
    const digest = sha256(presented);
    // Every key is compared, matched or not, so timing says nothing about which one matched.
    const matches = digests.reduce((found, accepted) => timingSafeEqual(accepted, digest) || found, false);
    if (!matches) return next(new HttpError(401, 'AUTH.INTERNAL_KEY_INVALID', 'The X-Internal-Key header is not valid'));
    return next();
  };
}

/** X-Tenant-Id is required and sane; the value lands on req.tenantId. */
export function requireTenant(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const tenantId = req.get(TENANT_ID_HEADER);
    if (tenantId === undefined || tenantId === '') {
      return next(new HttpError(400, 'TENANT.ID_MISSING', 'The X-Tenant-Id header is required'));
    }
    if (!TENANT_ID_PATTERN.test(tenantId)) {
      return next(
        new HttpError(400, 'TENANT.ID_INVALID', 'X-Tenant-Id must be 1-128 characters of letters, digits, ".", "_", ":" or "-"'),
      );
    }
    req.tenantId = tenantId;
    return next();
  };
}

/** The tenant set by requireTenant(); a route without that middleware is a programming error. */
export function tenantOf(req: Request): string {
  if (req.tenantId === undefined) throw new Error('tenantOf() used on a route without requireTenant()');
  return req.tenantId;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
