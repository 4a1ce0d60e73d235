export const FAULT_KINDS = ['latency', '429', '500', '503', 'reset'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  id: string;
  /** Upper-case HTTP method; any method when absent. */
  method?: string;
  /** Path prefix matched segment by segment; `*` matches exactly one segment. */
  path: string;
  kind: FaultKind;
  /** Probability in [0, 1] that a matching request is hit. */
  rate: number;
  latencyMs?: number;
  retryAfterSeconds?: number;
  /** How many more times the rule may fire; unlimited when absent. */
  remaining?: number;
}

export function matchesRoute(rule: Pick<FaultRule, 'method' | 'path'>, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  const wanted = segments(rule.path);
  const actual = segments(path);
  if (wanted.length > actual.length) return false;
  return wanted.every((segment, i) => segment === '*' || segment === actual[i]);
}

/**
 * The rules that fire for one request, in order: every latency rule that fires adds its delay,
 * and the first firing failure (429/500/503/reset) ends the list because it ends the request.
 */
export function firingFaults(rules: readonly FaultRule[], method: string, path: string, draw: () => number): FaultRule[] {
  const fired: FaultRule[] = [];
  for (const rule of rules) {
    if (rule.remaining !== undefined && rule.remaining <= 0) continue;
    if (!matchesRoute(rule, method, path) || draw() >= rule.rate) continue;
    fired.push(rule);
    if (rule.kind !== 'latency') break;
  }
  return fired;
}

function segments(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}
