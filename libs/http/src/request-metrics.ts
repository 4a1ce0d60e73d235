import type { Request, RequestHandler } from 'express';
import { Histogram, collectDefaultMetrics, type Registry } from 'prom-client';

const DURATION_METRIC = 'http_request_duration_seconds';
const UNMATCHED_ROUTE = 'unmatched';
type DurationLabel = 'method' | 'route' | 'status_code';

/**
 * Registers prom-client's default metrics and the request duration histogram on `registry`
 * (once, even when several apps share it) and times every request.
 */
export function requestMetrics(registry: Registry): RequestHandler {
  registerDefaultMetricsOnce(registry);
  const duration = durationHistogram(registry);
  return (req, res, next) => {
    const stopTimer = duration.startTimer();
    const routeLabel = trackRouteLabel(req);
    res.once('close', () => {
      stopTimer({ method: req.method, route: routeLabel(), status_code: String(res.statusCode) });
    });
    next();
  };
}

function registerDefaultMetricsOnce(registry: Registry): void {
  if (registry.getSingleMetric('process_cpu_user_seconds_total')) return;
  collectDefaultMetrics({ register: registry });
}

function durationHistogram(registry: Registry): Histogram<DurationLabel> {
  const existing = registry.getSingleMetric(DURATION_METRIC);
  if (existing instanceof Histogram) return existing as Histogram<DurationLabel>;
  if (existing) throw new Error(`metric ${DURATION_METRIC} is already registered with another type`);
  return new Histogram({
    name: DURATION_METRIC,
    help: 'HTTP request duration in seconds, by method, matched route pattern and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
}

/**
 * The matched route pattern (bounded cardinality), never the raw URL. It is taken when the router
 * assigns `req.route`, because the router restores `req.baseUrl` as soon as a mounted router is
 * left: by the time an error answer closes the response, the mount prefix would be gone.
 */
function trackRouteLabel(req: Request): () => string {
  let label = UNMATCHED_ROUTE;
  let route: unknown;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (matched: unknown) => {
      route = matched;
      label = patternOf(matched, req.baseUrl);
    },
  });
  return () => label;
}

function patternOf(route: unknown, baseUrl: string): string {
  if (typeof route !== 'object' || route === null) return UNMATCHED_ROUTE;
  const { path } = route as { path?: unknown };
  return typeof path === 'string' ? `${baseUrl}${path}` : UNMATCHED_ROUTE;
}
