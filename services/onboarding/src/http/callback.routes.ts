import { INTERNAL_KEY_HEADER, requireInternalKey, requireTenant } from '@chatpilot/http';
import { Router, type RequestHandler } from 'express';

import { handleCallback, type HandleCallbackDeps } from '../app/handle-callback';
import type { CallbackRedirect } from '../domain/callback-decision';
import { frontendRedirectUrl } from '../domain/frontend-redirect';
import { CALLBACK_PATH } from '../domain/onboarding-link';

export interface CallbackRouteDeps {
  callback: HandleCallbackDeps;
  frontendBaseUrl: string;
  internalApiKeys: readonly string[];
}

const UNAVAILABLE: CallbackRedirect = { kind: 'error', code: 'TEMPORARILY_UNAVAILABLE' };

/**
 * `GET /onboarding/360/callback`, public: 360dialog sends the browser here. Every answer is a 303
 * to FRONTEND_BASE_URL — success or error page — never a 5xx page and never anywhere else.
 */
export function callbackRoutes(deps: CallbackRouteDeps): Router {
  const router = Router();
  router.get(CALLBACK_PATH, vouchedTenant(deps.internalApiKeys), async (req, res) => {
    let redirect: CallbackRedirect;
    try {
      redirect = await handleCallback({ ...deps.callback, logger: req.log }, { rawUrl: req.originalUrl, tenantHint: req.tenantId });
    } catch (error) {
      req.log.error({ err: error }, 'callback failed unexpectedly');
      redirect = UNAVAILABLE;
    }
    // The URL carried the state token: keep it out of caches and of the next page's Referer.
    res.set({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    res.redirect(303, frontendRedirectUrl(deps.frontendBaseUrl, redirect));
  });
  return router;
}

/**
 * When ChatPilot's backend-for-frontend relays the redirect, it vouches for the signed-in tenant
 * with X-Internal-Key and X-Tenant-Id; the state must then belong to that tenant. A browser
 * coming straight from 360dialog sends neither, and a wrong key only means "not vouched for".
 */
function vouchedTenant(internalApiKeys: readonly string[]): RequestHandler {
  const checkKey = requireInternalKey(internalApiKeys);
  const checkTenant = requireTenant();
  return (req, res, next) => {
    if (req.get(INTERNAL_KEY_HEADER) === undefined) return next();
    checkKey(req, res, (keyError?: unknown) => {
      if (keyError !== undefined) return next();
      checkTenant(req, res, () => next());
    });
  };
}
