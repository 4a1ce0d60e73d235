import type { SystemEndpoints } from '@chatpilot/system';

import { scrape } from '../src/metrics';

/** Per consumer and event type: deliveries handled and the seconds they took, summed. */
export type HandlerTotals = Map<string, { count: number; seconds: number }>;

const HANDLER_METRIC = 'chatpilot_event_handler_duration_seconds';
const SAMPLE = /^(\w+)\{([^}]*)\}\s+(\S+)/;

/** Reads every service's handler-duration histogram totals (one scrape of each `/metrics`). */
export async function readHandlerTotals(endpoints: SystemEndpoints): Promise<HandlerTotals> {
  const expositions = await Promise.all([endpoints.onboarding, endpoints.webhookIngest, endpoints.registryHttp, endpoints.vaultHttp].map((base) => scrape(`${base}/metrics`)));
  const totals: HandlerTotals = new Map();
  for (const line of expositions.join('\n').split('\n')) {
    const match = SAMPLE.exec(line);
    if (!match || (match[1] !== `${HANDLER_METRIC}_sum` && match[1] !== `${HANDLER_METRIC}_count`)) continue;
    const labels = Object.fromEntries([...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((label) => [label[1], label[2]]));
    const key = `${labels.consumer} ← ${labels.type} (${labels.outcome})`;
    const entry = totals.get(key) ?? { count: 0, seconds: 0 };
    if (match[1].endsWith('_sum')) entry.seconds += Number(match[3]);
    else entry.count += Number(match[3]);
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
