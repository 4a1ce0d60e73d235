import { Registry } from 'prom-client';
import request from 'supertest';

import { createHttpApp, requireInternalKey, requireTenant, tenantOf } from '../src';
import { captureLogger } from './capture-logger';

function buildApp() {
  return createHttpApp({
    service: 'auth-test',
    logger: captureLogger().logger,
    metricsRegistry: new Registry(),
    routes: (app) => {
      app.get('/whoami', requireInternalKey(['old-key', 'new-key']), requireTenant(), (req, res) => {
        res.json({ tenant: tenantOf(req) });
      });
    },
  });
}

describe('requireInternalKey and requireTenant', () => {
  it('accepts every key of the rotation list and exposes the tenant', async () => {
    const app = buildApp();
    for (const key of ['old-key', 'new-key']) {
      const response = await request(app).get('/whoami').set('X-Internal-Key', key).set('X-Tenant-Id', 'tenant-1').expect(200);
      expect(response.body).toEqual({ tenant: 'tenant-1' });
    }
  });

  it('answers 401 with the JSON error shape when the key is missing or wrong', async () => {
    const app = buildApp();
    const missing = await request(app).get('/whoami').set('X-Tenant-Id', 't').expect(401);
    expect(missing.body).toEqual({ error: { code: 'AUTH.INTERNAL_KEY_MISSING', message: expect.any(String) } });
    const wrong = await request(app).get('/whoami').set('X-Internal-Key', 'new-key-x').set('X-Tenant-Id', 't').expect(401);
    expect(wrong.body).toEqual({ error: { code: 'AUTH.INTERNAL_KEY_INVALID', message: expect.any(String) } });
    expect(JSON.stringify(wrong.body)).not.toContain('new-key-x');
  });

  it('answers 400 when the tenant header is missing or malformed', async () => {
    const app = buildApp();
    const missing = await request(app).get('/whoami').set('X-Internal-Key', 'old-key').expect(400);
    expect(missing.body.error.code).toBe('TENANT.ID_MISSING');
    const malformed = await request(app).get('/whoami').set('X-Internal-Key', 'old-key').set('X-Tenant-Id', '../etc').expect(400);
    expect(malformed.body.error.code).toBe('TENANT.ID_INVALID');
  });
});
