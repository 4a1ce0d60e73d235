import express, { type ErrorRequestHandler, type Express } from 'express';
import type { SandboxContext } from '../sandbox-context';
import { controlApiRouter } from './control-api';
import { sendHubError } from './hub-errors';
import { messagingApiRouter } from './messaging-api';
import { partnerApiRouter } from './partner-api';
import { permissionPageRouter } from './permission-page';
import { surfaceMiddleware } from './surface-middleware';

/**
 * One express app for every surface: the permission page at `/dashboard`, the Partner API at
 * `/api/v2` (like hub.360dialog.io), the Messaging API at `/messaging` (standing in for
 * waba-v2.360dialog.io) and the control API at `/sandbox`.
 */
export function buildApp(ctx: SandboxContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use('/sandbox', controlApiRouter(ctx));
  app.use(
    '/dashboard',
    express.urlencoded({ extended: false }),
    surfaceMiddleware(ctx.store, 'permission_page', ctx.random),
  );
  app.use(permissionPageRouter({ store: ctx.store, grants: ctx.grants }));
  app.use('/api/v2', express.json(), surfaceMiddleware(ctx.store, 'partner_api', ctx.random));
  app.use('/api/v2', partnerApiRouter({ store: ctx.store, messagingBaseUrl: ctx.urls.messaging }));
  app.use('/messaging', express.json(), surfaceMiddleware(ctx.store, 'messaging_api', ctx.random));
  app.use('/messaging', messagingApiRouter({ store: ctx.store, ids: ctx.ids, coexistence: ctx.coexistence }));

  app.use((_req, res) => sendHubError(res, 404, 'Not found'));
  app.use(errorHandler(ctx));
  return app;
}

function errorHandler(ctx: SandboxContext): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) return sendHubError(res, status, 'Malformed request body');
    ctx.logger.error({ err: error, path: req.path }, 'sandbox request failed');
    sendHubError(res, 500, 'Internal server error');
  };
}
