/**
 * Child process of the ingest benchmark: runs autocannon against one URL with unique, signed
 * webhook bodies, and reports the result plus the id of every webhook answered 2xx. It runs in
 * its own process so the load generator does not share an event loop with the server measured.
 */
import { createHmac, randomUUID } from 'node:crypto';

import autocannon from 'autocannon';

export interface LoadRun {
  url: string;
  path: string;
  secret: string;
  connections: number;
  durationSeconds: number;
  channelId: string;
  clientId: string;
}

export interface LoadResult {
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  total2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  acknowledgedIds: string[];
}

interface WebhookContext {
  id?: string;
}

/** A channel_running webhook the size of a real one (360dialog's channel object, ~1 kB). */
function webhookBody(id: string, run: LoadRun): string {
  return JSON.stringify({
    id,
    event: 'channel_running',
    data: {
      id: run.channelId,
      client_id: run.clientId,
      account_mode: 'live',
      status: 'running',
      current_quality_rating: 'GREEN',
      current_limit: 'TIER_250',
      created_at: '2026-11-25T09:00:00.000Z',
      billing_started_at: '2026-11-25T09:05:00.000Z',
      terminated_at: null,
      is_on_biz_app: true,
      setup_info: { phone_number: '+4915112345678', phone_name: 'Bäckerei Müller 🥨', was_in_use: true },
      waba_account: { id: '104996123456789', fb_account_status: 'verified', external_id: '104996123456789' },
      integration: { enabled: true, app_id: '104148', state: 'running' },
      client: { id: run.clientId, name: 'Bäckerei Müller GmbH', partner_payload: 'tenant-bench', contact_info: { email: 'owner@example.test' } },
    },
  });
}

function runLoad(run: LoadRun): Promise<LoadResult> {
  const acknowledgedIds: string[] = [];
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: run.url,
        connections: run.connections,
        duration: run.durationSeconds,
        pipelining: 1,
        requests: [
          {
            method: 'POST',
            path: run.path,
            setupRequest: (request, context) => {
              const id = randomUUID();
              (context as WebhookContext).id = id;
              const body = webhookBody(id, run);
              const signature = createHmac('sha256', run.secret).update(body).digest('hex');
              return { ...request, body, headers: { 'content-type': 'application/json', 'x-360dialog-signature': signature } };
            },
            onResponse: (status, _body, context) => {
              const { id } = context as WebhookContext;
              if (status >= 200 && status < 300 && id !== undefined) acknowledgedIds.push(id);
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          durationSeconds: result.duration,
          requests: result.requests.total,
          requestsPerSecond: result.requests.average,
          latencyP50Ms: result.latency.p50,
          latencyP99Ms: result.latency.p99,
          latencyMaxMs: result.latency.max,
          total2xx: result['2xx'],
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          acknowledgedIds,
        });
      },
    );
  });
}

process.once('message', (run: LoadRun) => {
  runLoad(run).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
