import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { SandboxStore } from '../state/sandbox-store';
import { sendHubError } from './hub-errors';

/**
 * Partner API authentication (docs: "Partner API — Authentication"): `X-API-Key` (recommended)
 * or `Authorization: Bearer <token from POST /token>` while legacy token auth is enabled.
 */
export function partnerAuth(store: SandboxStore): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const apiKey = req.get('x-api-key');
    if (apiKey !== undefined) {
      return sameSecret(apiKey, store.credentials.partnerApiKey) ? next() : sendHubError(res, 401, 'Invalid API key');
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (bearer === undefined) return sendHubError(res, 401, 'Authentication credentials were not provided');
    if (!store.settings.legacyTokenAuth) return sendHubError(res, 401, 'Token authentication is disabled for this partner');
    return store.isValidAccessToken(bearer) ? next() : sendHubError(res, 401, 'Invalid or expired token');
  };
}

/** `POST /token`: username (e-mail) and password for a bearer token. */
export function issueToken(store: SandboxStore): RequestHandler {
  return (req: Request, res: Response) => {
    const body = (req.body ?? {}) as { username?: unknown; password?: unknown };
    if (typeof body.username !== 'string' || typeof body.password !== 'string') {
      return sendHubError(res, 400, 'username and password are required');
    }
    const valid = sameSecret(body.username, store.credentials.username) && sameSecret(body.password, store.credentials.password);
    if (!valid) return sendHubError(res, 401, 'Invalid username or password');
    const { token, expiresIn } = store.issueAccessToken();
    res.json({ access_token: token, token_type: 'bearer', expires_in: expiresIn });
  };
}

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
