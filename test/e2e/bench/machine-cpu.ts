import { readFileSync } from 'node:fs';

/** The machine's CPU time counters (every process on it: our services, PostgreSQL, RabbitMQ, the sandbox, this bench). */
export interface CpuCounters {
  busy: number;
  total: number;
  /** The `cpuN` lines: the CPUs the counters add up (a cpuset may leave the process fewer). */
  cores: number;
}

/** Reads the aggregate `cpu` line of /proc/stat; undefined where there is none (not Linux). */
export function readMachineCpu(procStat = '/proc/stat'): CpuCounters | undefined {
  let text: string;
  try {
    text = readFileSync(procStat, 'utf8');
  } catch {
    return undefined;
  }
  return parseCpuLine(text);
}

/** user nice system idle iowait irq softirq steal …: idle and iowait are not busy. */
export function parseCpuLine(procStat: string): CpuCounters | undefined {
  const line = procStat.split('\n').find((candidate) => candidate.startsWith('cpu '));
  if (!line) return undefined;
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (ticks.length < 5 || ticks.some((value) => !Number.isFinite(value))) return undefined;
  const total = ticks.reduce((sum, value) => sum + value, 0);
  const idle = ticks[3]! + ticks[4]!;
  const cores = procStat.split('\n').filter((candidate) => /^cpu\d+ /.test(candidate)).length;
  return { busy: total - idle, total, cores: Math.max(cores, 1) };
}

export interface CpuUse {
  /** Share of all cores busy over the interval, 0..1. */
  busyShare: number;
  /** Core-milliseconds the whole machine spent per unit of work. */
  coreMsPerUnit: number;
}

export function cpuUseBetween(before: CpuCounters, after: CpuCounters, wallSeconds: number, units: number): CpuUse | undefined {
  const total = after.total - before.total;
  if (total <= 0 || units <= 0) return undefined;
  const busyShare = (after.busy - before.busy) / total;
  return { busyShare, coreMsPerUnit: (busyShare * after.cores * wallSeconds * 1000) / units };
}
