import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** CPU time (user + system) each process had used, in clock ticks, with the component it belongs to. */
export type ProcessCpuSnapshot = Map<number, { component: string; ticks: number }>;

const SERVICES = ['onboarding', 'webhook-ingest', 'channel-registry', 'credential-vault'] as const;
/** Linux's USER_HZ: /proc reports CPU time in these ticks on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/**
 * What a process is, from its command line: one of the four services or the sandbox (by the
 * compiled entry point), this bench, a PostgreSQL backend of a service's database (the bench's
 * databases are named after their service), PostgreSQL's own processes, or RabbitMQ. Undefined
 * for anything else on the machine.
 */
export function componentOf(commandLine: string): string | undefined {
  const service = SERVICES.find((name) => commandLine.includes(`services/${name}/dist/`));
  if (service) return service;
  if (commandLine.includes('d360-sandbox/dist/')) return 'sandbox (360dialog)';
  if (commandLine.includes('bench/onboarding.bench')) return 'this bench';
  if (commandLine.includes('beam.smp')) return 'RabbitMQ';
  const backend = /^postgres: (?:\S+: )?\S+ (\S+) /.exec(commandLine);
  if (backend) {
    const owner = SERVICES.find((name) => backend[1]!.includes(name.replace('-', '_')));
    return owner ? `PostgreSQL, ${owner}'s database` : 'PostgreSQL, other';
  }
  if (commandLine.startsWith('postgres') || commandLine.includes('/bin/postgres ')) return 'PostgreSQL, other';
  return undefined;
}

/** utime + stime, the 14th and 15th fields, counted after the command name (which may hold spaces). */
export function ticksOf(stat: string): number | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? ticks : undefined;
}

/** Every process of a component `componentOf` knows; empty where there is no /proc. */
export function readProcessCpu(procRoot = '/proc'): ProcessCpuSnapshot {
  const snapshot: ProcessCpuSnapshot = new Map();
  let entries: string[];
  try {
    entries = readdirSync(procRoot);
  } catch {
    return snapshot;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const component = componentOf(readFileSync(join(procRoot, entry, 'cmdline'), 'utf8').replaceAll('\0', ' '));
      const ticks = component === undefined ? undefined : ticksOf(readFileSync(join(procRoot, entry, 'stat'), 'utf8'));
      if (component !== undefined && ticks !== undefined) snapshot.set(Number(entry), { component, ticks });
    } catch {
      // The process ended while we looked.
    }
  }
  return snapshot;
}

/**
 * Core-milliseconds per unit of work each component used between the two snapshots, largest
 * first. A process that ended in between counts for nothing (PostgreSQL backends of a closed
 * connection); one that started counts from zero.
 */
export function cpuByComponent(before: ProcessCpuSnapshot, after: ProcessCpuSnapshot, units: number): { component: string; coreMsPerUnit: number }[] {
  const used = new Map<string, number>();
  for (const [pid, { component, ticks }] of after) {
    const earlier = before.get(pid);
    const delta = earlier?.component === component ? ticks - earlier.ticks : ticks;
    used.set(component, (used.get(component) ?? 0) + delta);
  }
  return [...used]
    .map(([component, ticks]) => ({ component, coreMsPerUnit: (ticks * 1000) / TICKS_PER_SECOND / units }))
    .sort((a, b) => b.coreMsPerUnit - a.coreMsPerUnit);
}
