import type { SettingsPatch } from '@chatpilot/d360-sandbox';

import { startE2eSystem, type E2eSystem } from '../src/e2e-system';
import { watchCompletions } from './completion-watcher';
import { bindEventSink } from './event-sink';
import { describeHandlerTime, readHandlerTotals } from './handler-breakdown';
import { runPhase, type PhaseResult } from './onboarding-run';

/**
 * `npm run bench:onboarding`: onboardings through the 360dialog sandbox (statuses progress
 * immediately) against the four services as separate processes on real PostgreSQL and RabbitMQ.
 *
 * Baseline, measured in the same run on the same processes: the same onboarding one at a time,
 * so nothing waits for anything but its own saga. The ratios say what running 20 at a time costs
 * each onboarding (latency) and gains overall (throughput).
 */

const settings = {
  count: positiveInt('BENCH_ONBOARDINGS', 200),
  concurrency: positiveInt('BENCH_CONCURRENCY', 20),
  baselineCount: positiveInt('BENCH_BASELINE_ONBOARDINGS', 20),
  warmupCount: positiveInt('BENCH_WARMUP_ONBOARDINGS', 600),
  logLevel: process.env.BENCH_LOG_LEVEL ?? 'warn',
  /** e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles`: a CPU profile of every process under this load. */
  nodeArgs: (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter((arg) => arg.length > 0),
};
const P95_GOAL_MS = 1_000;

/** A coexistence onboarding as 360dialog runs it, at full speed: webhooks right after the redirect, then the history sync. */
const BENCH_SANDBOX: SettingsPatch = {
  statusSchedule: 'immediate',
  webhookOrder: 'after_redirect',
  afterRedirectDelayMs: 0,
  coexistenceSync: 'on_running',
  history: { chunksPerPhase: 1, messagesPerChunk: 2, chunkDelayMs: 20 },
};

function positiveInt(variable: string, fallback: number): number {
  const value = Number(process.env[variable] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${variable} must be a positive integer`);
  return value;
}

async function main(): Promise<void> {
  // The e2e helpers create throwaway databases and AMQP names on the servers these name.
  process.env.TEST_DATABASE_URL ??= process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  process.env.TEST_AMQP_URL ??= process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
  process.stdout.write('starting the system (four services and the sandbox as separate processes)…\n');
  const system = await startE2eSystem('bench', { timings: 'production', logLevel: settings.logLevel, nodeArgs: settings.nodeArgs });
  try {
    await system.sandbox.updateSettings(BENCH_SANDBOX);
    const sink = await bindEventSink(process.env.TEST_AMQP_URL, system.exchange, system.namespace.name('bench-rest-of-chatpilot'));
    const watcher = await watchCompletions(process.env.TEST_AMQP_URL, system.exchange, system.namespace.name('bench-observer'));
    try {
      await measure(system, watcher);
    } finally {
      await watcher.close();
      await sink.close();
    }
  } finally {
    await system.close();
  }
}

/**
 * The first pass runs on processes that just started: V8 is still compiling the hot code. After
 * 200 onboardings it still spent a tenth of the services' CPU compiling (perf, 20 at a time), after
 * 800 a twentieth: the code paths taken once per onboarding get hot slowly. The goal is judged on
 * the load pass after it, the steady state of a service that has been up for a while; the first
 * pass is printed beside it.
 */
async function measure(system: E2eSystem, watcher: Awaited<ReturnType<typeof watchCompletions>>): Promise<void> {
  process.stdout.write(`first pass (processes just started): ${settings.warmupCount} onboardings, ${settings.concurrency} at a time\n`);
  const firstPass = await runPhase(system, watcher, { name: 'first', count: settings.warmupCount, concurrency: settings.concurrency });
  process.stdout.write(`baseline: ${settings.baselineCount} onboardings one at a time\n`);
  const baseline = await runPhase(system, watcher, { name: 'baseline', count: settings.baselineCount, concurrency: 1 });
  process.stdout.write(`load: ${settings.count} onboardings, ${settings.concurrency} at a time\n`);
  const before = await readHandlerTotals(system.processes.endpoints);
  const load = await runPhase(system, watcher, { name: 'load', count: settings.count, concurrency: settings.concurrency });
  const handlerTime = describeHandlerTime(before, await readHandlerTotals(system.processes.endpoints));
  process.stdout.write(report(load, baseline, firstPass));
  process.stdout.write(describeComponentCpu(load));
  process.stdout.write(handlerTime);
  if (load.failed > 0 || baseline.failed > 0 || firstPass.failed > 0) process.exitCode = 1;
}

function report(load: PhaseResult, baseline: PhaseResult, firstPass: PhaseResult): string {
  const ms = (value: number) => `${Math.round(value)} ms`;
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
  const percent = (share: number | undefined) => (share === undefined ? 'n/a' : `${Math.round(share * 100)}%`);
  const coreMs = (value: number | undefined) => (value === undefined ? 'n/a' : `${Math.round(value)} ms`);
  const ratioOf = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '' : ratio(a, b));
  const row = (label: string, loaded: string, alone: string, factor: string, first: string) =>
    `${label.padEnd(40)}${loaded.padStart(14)}${alone.padStart(14)}${factor.padStart(10)}${first.padStart(16)}`;
  const lines = [
    '',
    row('', `${load.concurrency} at a time`, '1 at a time', 'ratio', 'first pass'),
    row('onboardings (failed)', `${load.onboardings} (${load.failed})`, `${baseline.onboardings} (${baseline.failed})`, '', `${firstPass.onboardings} (${firstPass.failed})`),
    row('sessions/s', load.sessionsPerSecond.toFixed(2), baseline.sessionsPerSecond.toFixed(2), ratio(load.sessionsPerSecond, baseline.sessionsPerSecond), firstPass.sessionsPerSecond.toFixed(2)),
    row('callback → completed p50', ms(load.callbackToCompleted.p50), ms(baseline.callbackToCompleted.p50), ratio(load.callbackToCompleted.p50, baseline.callbackToCompleted.p50), ms(firstPass.callbackToCompleted.p50)),
    row('callback → completed p95', ms(load.callbackToCompleted.p95), ms(baseline.callbackToCompleted.p95), ratio(load.callbackToCompleted.p95, baseline.callbackToCompleted.p95), ms(firstPass.callbackToCompleted.p95)),
    row('callback → completed max', ms(load.callbackToCompleted.max), ms(baseline.callbackToCompleted.max), '', ms(firstPass.callbackToCompleted.max)),
    row('channel_running accepted → completed p50', ms(load.runningWebhookToCompleted.p50), ms(baseline.runningWebhookToCompleted.p50), ratio(load.runningWebhookToCompleted.p50, baseline.runningWebhookToCompleted.p50), ms(firstPass.runningWebhookToCompleted.p50)),
    row('channel_running accepted → completed p95', ms(load.runningWebhookToCompleted.p95), ms(baseline.runningWebhookToCompleted.p95), ratio(load.runningWebhookToCompleted.p95, baseline.runningWebhookToCompleted.p95), ms(firstPass.runningWebhookToCompleted.p95)),
    row('partner webhooks answered/s', load.webhooksPerSecond.toFixed(1), baseline.webhooksPerSecond.toFixed(1), ratio(load.webhooksPerSecond, baseline.webhooksPerSecond), firstPass.webhooksPerSecond.toFixed(1)),
    row('webhook-ingest answer p50 / p95', `${ms(load.webhookAnswer.p50)} / ${ms(load.webhookAnswer.p95)}`, `${ms(baseline.webhookAnswer.p50)} / ${ms(baseline.webhookAnswer.p95)}`, '', `${ms(firstPass.webhookAnswer.p50)} / ${ms(firstPass.webhookAnswer.p95)}`),
    row('machine CPU busy', percent(load.machineCpu?.busyShare), percent(baseline.machineCpu?.busyShare), '', percent(firstPass.machineCpu?.busyShare)),
    row('machine CPU per onboarding', coreMs(load.machineCpu?.coreMsPerUnit), coreMs(baseline.machineCpu?.coreMsPerUnit), ratioOf(load.machineCpu?.coreMsPerUnit, baseline.machineCpu?.coreMsPerUnit), coreMs(firstPass.machineCpu?.coreMsPerUnit)),
    '',
    `goal p95 callback → completed < ${P95_GOAL_MS} ms at ${load.concurrency} at a time: ${load.callbackToCompleted.p95 < P95_GOAL_MS ? 'met' : 'MISSED'}`,
    `first pass: the same load on the processes just started (V8 still compiling), before the baseline; the goal is judged on the load after it`,
    `baseline: the same onboarding one at a time on the same processes, in this run, after the first pass`,
    'machine CPU: every process on this machine (services, PostgreSQL, RabbitMQ, sandbox, this bench), from /proc/stat, in core-milliseconds',
    '',
  ];
  return lines.join('\n');
}

/** Where the load phase's machine CPU went, so a change can be judged by the process it should have made cheaper. */
function describeComponentCpu(load: PhaseResult): string {
  if (load.cpuByComponent.length === 0) return '';
  const line = (label: string, coreMs: number) => `  ${label.padEnd(50)}${coreMs.toFixed(1).padStart(8)} ms`;
  const counted = load.cpuByComponent.reduce((sum, { coreMsPerUnit }) => sum + coreMsPerUnit, 0);
  const lines = ['CPU per onboarding by process during the load phase (core-milliseconds, /proc/<pid>/stat):'];
  for (const { component, coreMsPerUnit } of load.cpuByComponent) lines.push(line(component, coreMsPerUnit));
  if (load.machineCpu) lines.push(line('the rest (kernel, processes that ended, others)', load.machineCpu.coreMsPerUnit - counted));
  return `${lines.join('\n')}\n`;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
