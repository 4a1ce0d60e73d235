import { createSandbox, SandboxControlClient, type SandboxInfo, type SandboxOptions } from '../../src';

export interface RunningSandbox {
  url: string;
  control: SandboxControlClient;
  info: SandboxInfo;
  stop(): Promise<void>;
}

/** Fast retries, fast history chunks and a manual status schedule unless a test says otherwise. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const sandbox = createSandbox({
    statusSchedule: 'manual',
    ...options,
    settings: { webhookRetry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 100, timeoutMs: 2000 }, history: { chunkDelayMs: 10 }, ...options.settings },
  });
  const { url } = await sandbox.start(0, '127.0.0.1');
  const control = new SandboxControlClient(url);
  return { url, control, info: await control.info(), stop: () => sandbox.stop() };
}

export function partnerApiKeyHeaders(info: SandboxInfo): Record<string, string> {
  return { 'x-api-key': info.credentials.partnerApiKey, 'content-type': 'application/json' };
}
