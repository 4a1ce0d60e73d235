import type { SystemEndpoints } from '@chatpilot/system';

import { metricSamples, scrape } from '../src/metrics';

/** Per consumer and event type: deliveries handled and the seconds they took, summed. */
export type HandlerTotals = Map<string, { count: number; seconds: number }>;

const HANDLER_METRIC = 'chatpilot_event_handler_duration_seconds';

/** Reads every service's handler-duration histogram totals (one scrape of each `/metrics`). */
export async function readHandlerTotals(endpoints: SystemEndpoints): Promise<HandlerTotals> {
  const expositions = await Promise.all([endpoints.onboarding, endpoints.webhookIngest, endpoints.registryHttp, endpoints.vaultHttp].map((base) => scrape(`${base}/metrics`)));
  const totals: HandlerTotals = new Map();
  for (const { name, labels, value } of metricSamples(expositions.join('\n'))) {
    if (name !== `${HANDLER_METRIC}_sum` && name !== `${HANDLER_METRIC}_count`) continue;
    const key = `${labels.consumer} ← ${labels.type} (${labels.outcome})`;
    const entry = totals.get(key) ?? { count: 0, seconds: 0 };
    if (name.endsWith('_sum')) entry.seconds += value;
    else entry.count += value;
    totals.set(key, entry);
  }
  return totals;
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
  return ['', 'consumer time during the load phase (deliveries, mean delivery → ack, inbox transaction included):', ...lines, ''].join('\n');
}
