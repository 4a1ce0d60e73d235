import type { SystemEndpoints } from '@chatpilot/system';

import { metricSamples, scrape } from '../src/metrics';

/** Per consumer and event type (and per gRPC method served): how many, and the seconds they took, summed. */
export type HandlerTotals = Map<string, { count: number; seconds: number }>;

const HANDLER_METRIC = 'chatpilot_event_handler_duration_seconds';
const GRPC_METRIC = 'chatpilot_grpc_server_handled_seconds';

/** Reads every service's handler-duration and gRPC-call histogram totals (one scrape of each `/metrics`). */
export async function readHandlerTotals(endpoints: SystemEndpoints): Promise<HandlerTotals> {
  const expositions = await Promise.all([endpoints.onboarding, endpoints.webhookIngest, endpoints.registryHttp, endpoints.vaultHttp].map((base) => scrape(`${base}/metrics`)));
  const totals: HandlerTotals = new Map();
  for (const { name, labels, value } of metricSamples(expositions.join('\n'))) {
    const key = keyOf(name, labels);
    if (key === undefined) continue;
    const entry = totals.get(key) ?? { count: 0, seconds: 0 };
    if (name.endsWith('_sum')) entry.seconds += value;
    else entry.count += value;
    totals.set(key, entry);
  }
  return totals;
}

function keyOf(name: string, labels: Record<string, string>): string | undefined {
  if (name === `${HANDLER_METRIC}_sum` || name === `${HANDLER_METRIC}_count`) return `${labels.consumer} ← ${labels.type} (${labels.outcome})`;
  if (name === `${GRPC_METRIC}_sum` || name === `${GRPC_METRIC}_count`) return `gRPC ${labels.method} (${labels.code})`;
  return undefined;
}

/** What the consumers did between two readings: deliveries and mean time from delivery to ack, busiest first. */
export function describeHandlerTime(before: HandlerTotals, after: HandlerTotals): string {
  const rows = [...after].flatMap(([key, total]) => {
    const count = total.count - (before.get(key)?.count ?? 0);
    const seconds = total.seconds - (before.get(key)?.seconds ?? 0);
    return count > 0 ? [{ key, count, seconds }] : [];
  });
  rows.sort((a, b) => b.seconds - a.seconds);
  const lines = rows.map(({ key, count, seconds }) => `  ${key.padEnd(70)}${String(count).padStart(7)}${`${((seconds / count) * 1000).toFixed(1)} ms`.padStart(12)}`);
  return ['', 'consumer and gRPC server time during the load phase (deliveries or calls, mean delivery → ack with the inbox transaction, or call received → answered):', ...lines, ''].join('\n');
}
