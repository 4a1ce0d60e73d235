import type { Express } from 'express';

import openApiDocument from '../../openapi.json';
import { callbackRoutes, type CallbackRouteDeps } from './callback.routes';
import { internalRoutes, type InternalRouteDeps } from './internal.routes';

export type OnboardingRouteDeps = CallbackRouteDeps & InternalRouteDeps;

/** Every route of the service; the public callback is mounted before the internal-key guard. */
export function onboardingRoutes(deps: OnboardingRouteDeps): (app: Express) => void {
  return (app) => {
    app.get('/openapi.json', (_req, res) => {
      res.json(openApiDocument);
    });
    app.use(callbackRoutes(deps));
    app.use(internalRoutes(deps));
  };
}
