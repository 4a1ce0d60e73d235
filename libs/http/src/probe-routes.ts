import { Router } from 'express';
import type { Registry } from 'prom-client';

import type { HttpLifecycle } from './lifecycle';
import { createReadinessProbe, type ReadinessCheck } from './readiness';

export interface ProbeRoutesOptions {
  service: string;
  lifecycle: HttpLifecycle;
  readinessChecks: readonly ReadinessCheck[];
  readinessTimeoutMs: number;
  metricsRegistry: Registry;
}

/** `/healthz` (the process is up), `/readyz` (dependencies answer, not draining) and `/metrics`. */
export function probeRoutes(options: ProbeRoutesOptions): Router {
  const router = Router();
  const readiness = createReadinessProbe(options.readinessChecks, options.readinessTimeoutMs);

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.service });
  });

  router.get('/readyz', async (req, res) => {
    if (options.lifecycle.draining) {
      res.status(503).json({ status: 'not_ready', checks: { lifecycle: 'draining' } });
      return;
    }
    const report = await readiness(req.log);
    res.status(report.ready ? 200 : 503).json({ status: report.ready ? 'ready' : 'not_ready', checks: report.checks });
  });

  router.get('/metrics', async (_req, res) => {
    const body = await options.metricsRegistry.metrics();
    res.type(options.metricsRegistry.contentType).send(body);
  });

  return router;
}
