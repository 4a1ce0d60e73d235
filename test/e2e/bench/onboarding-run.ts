import type { WebhookDelivery } from '@chatpilot/d360-sandbox';

import type { E2eSystem } from '../src/e2e-system';
import { grantAtSandbox } from '../src/sandbox-grant';
import type { CompletionWatcher } from './completion-watcher';
import { cpuUseBetween, type CpuUse, readMachineCpu } from './machine-cpu';
import { cpuByComponent, readProcessCpu } from './process-cpu';
import { distributionOf, runPool, type Distribution } from './stats';

const SESSION_TIMEOUT_MS = 120_000;

interface Sample {
  channelId: string;
  status: string;
  /** Server clock of onboarding: callback received → session completed. */
  callbackToCompletedMs: number;
  completedAt: number;
}

export interface PhaseResult {
  onboardings: number;
  concurrency: number;
  wallSeconds: number;
  sessionsPerSecond: number;
  failed: number;
  callbackToCompleted: Distribution;
  /** 360dialog's `channel_running` webhook answered 2xx by webhook-ingest → session completed. */
  runningWebhookToCompleted: Distribution;
  /** Every partner webhook of the phase: how long webhook-ingest took to answer 2xx (the sandbox sends one at a time). */
  webhookAnswer: Distribution;
  webhooksPerSecond: number;
  /** The whole machine's CPU over the phase; undefined where it cannot be read. */
  machineCpu: CpuUse | undefined;
  /** Core-milliseconds per onboarding of each process group, largest first; empty where /proc cannot be read. */
  cpuByComponent: { component: string; coreMsPerUnit: number }[];
}

/** One tenant through start → permission page → callback, until the session finished. */
async function onboardOnce(system: E2eSystem, watcher: CompletionWatcher, tenantId: string): Promise<Sample> {
  const started = await system.onboarding.start(tenantId);
  const grant = await grantAtSandbox(system.sandbox, started.onboarding_url);
  const callback = await system.onboarding.callback(grant.redirectLocation);
  if (callback.status !== 303) throw new Error(`callback answered ${callback.status}`);
  const status = await watcher.finished(started.session_id, SESSION_TIMEOUT_MS);
  const session = await system.onboarding.session(tenantId, started.session_id);
  const completedAt = Date.parse(String(session.completed_at ?? session.failed_at));
  return { channelId: grant.channelIds[0]!, status, completedAt, callbackToCompletedMs: completedAt - Date.parse(String(session.callback_received_at)) };
}

/** Runs `count` onboardings with `concurrency` in flight and summarises them. */
export async function runPhase(system: E2eSystem, watcher: CompletionWatcher, phase: { name: string; count: number; concurrency: number }): Promise<PhaseResult> {
  const began = performance.now();
  const window = { from: Date.now(), to: Number.POSITIVE_INFINITY };
  const cpuBefore = readMachineCpu();
  const processesBefore = readProcessCpu();
  const samples = await runPool(phase.count, phase.concurrency, (index) => onboardOnce(system, watcher, `bench-${phase.name}-${index}-${Date.now()}`));
  const wallSeconds = (performance.now() - began) / 1000;
  const cpuAfter = readMachineCpu();
  const processesAfter = readProcessCpu();
  window.to = Date.now();
  const completed = samples.filter((sample) => sample.status === 'completed');
  const deliveries = await system.sandbox.webhooks();
  const accepted = runningWebhookAcceptedAt(deliveries);
  const answers = successfulAttempts(deliveries).filter((attempt) => attempt.startedAt >= window.from && attempt.startedAt <= window.to);
  const propagation = completed.flatMap((sample) => {
    const at = accepted.get(sample.channelId);
    return at === undefined ? [] : [sample.completedAt - at];
  });
  return {
    onboardings: phase.count,
    concurrency: phase.concurrency,
    wallSeconds,
    sessionsPerSecond: phase.count / wallSeconds,
    failed: samples.length - completed.length,
    callbackToCompleted: distributionOf(completed.map((sample) => sample.callbackToCompletedMs)),
    runningWebhookToCompleted: distributionOf(propagation),
    webhookAnswer: distributionOf(answers.map((attempt) => attempt.durationMs)),
    webhooksPerSecond: answers.length / wallSeconds,
    machineCpu: cpuBefore && cpuAfter ? cpuUseBetween(cpuBefore, cpuAfter, wallSeconds, phase.count) : undefined,
    cpuByComponent: cpuByComponent(processesBefore, processesAfter, phase.count),
  };
}

interface SuccessfulAttempt {
  event: string;
  channelId: string | undefined;
  startedAt: number;
  durationMs: number;
}

/** Each delivery's attempt that webhook-ingest answered 2xx, from the sandbox's delivery log (same host clock). */
function successfulAttempts(deliveries: readonly WebhookDelivery[]): SuccessfulAttempt[] {
  return deliveries.flatMap((delivery) => {
    const success = delivery.attempts.find((attempt) => attempt.statusCode !== undefined && attempt.statusCode >= 200 && attempt.statusCode < 300);
    if (!success) return [];
    const { data } = JSON.parse(delivery.body) as { data: { id?: string } };
    return [{ event: delivery.event, channelId: data.id, startedAt: Date.parse(success.at), durationMs: success.durationMs }];
  });
}

/** When webhook-ingest accepted each channel's `channel_running` webhook (answered 2xx). */
function runningWebhookAcceptedAt(deliveries: readonly WebhookDelivery[]): Map<string, number> {
  const accepted = new Map<string, number>();
  for (const attempt of successfulAttempts(deliveries)) {
    if (attempt.event !== 'channel_running' || attempt.channelId === undefined) continue;
    const at = attempt.startedAt + attempt.durationMs;
    accepted.set(attempt.channelId, Math.min(at, accepted.get(attempt.channelId) ?? at));
  }
  return accepted;
}
