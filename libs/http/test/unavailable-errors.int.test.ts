import { Registry } from 'prom-client';
import request from 'supertest';

import { createHttpApp, HttpError, type UnavailableErrors } from '../src';
import { captureLogger } from './capture-logger';

class DatabaseDown extends Error {}

function appThrowing(error: unknown, unavailable?: UnavailableErrors) {
  return createHttpApp({
    service: 'unavailable-test',
    logger: captureLogger().logger,
    metricsRegistry: new Registry(),
    ...(unavailable ? { unavailable } : {}),
    routes: (app) => {
      app.get('/thing', () => {
        throw error;
      });
    },
  });
}

describe('errors of a dependency that is down', () => {
  const unavailable: UnavailableErrors = { when: (error) => error instanceof DatabaseDown, retryAfterSeconds: 7 };

  it('answer 503 with Retry-After and the JSON error shape, naming nothing of the cause', async () => {
    const response = await request(appThrowing(new DatabaseDown('connect ECONNREFUSED 10.0.0.5:5432'), unavailable)).get('/thing').expect(503);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.body).toEqual({ error: { code: 'SERVICE_UNAVAILABLE', message: 'A dependency is unavailable; retry later' } });
  });

  it('leave other errors as they were: HttpErrors by their status, anything else 500', async () => {
    await request(appThrowing(new HttpError(404, 'NOT_FOUND', 'nope'), unavailable)).get('/thing').expect(404);
    const response = await request(appThrowing(new Error('a bug'), unavailable)).get('/thing').expect(500);
    expect(response.headers['retry-after']).toBeUndefined();
    expect(response.body).toEqual({ error: { code: 'INTERNAL', message: 'Internal server error' } });
  });

  it('are a 500 like any other error for a service that names none', async () => {
    await request(appThrowing(new DatabaseDown('down'))).get('/thing').expect(500);
  });
});
