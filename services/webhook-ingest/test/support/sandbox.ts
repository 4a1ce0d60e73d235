import { createSandbox, SandboxControlClient, type SandboxOptions, type WebhookDelivery } from '@chatpilot/d360-sandbox';
import { waitFor } from '@chatpilot/testing';

export interface SenderSandbox {
  url: string;
  control: SandboxControlClient;
  /** Waits until every partner webhook delivery so far has settled (delivered, failed, dropped). */
  settled(options?: { timeoutMs?: number }): Promise<WebhookDelivery[]>;
  stop(): Promise<void>;
}

/** The 360dialog sandbox in process on 127.0.0.1:0, sending its partner webhooks to `webhookUrl`; fast retries. */
export async function startSenderSandbox(webhookUrl: string, options: SandboxOptions = {}): Promise<SenderSandbox> {
  const sandbox = createSandbox({
    statusSchedule: 'manual',
    webhookUrl,
    ...options,
    settings: {
      coexistenceSync: 'manual',
      webhookRetry: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 500, timeoutMs: 5_000 },
      history: { chunkDelayMs: 10 },
      ...options.settings,
    },
  });
  const { url } = await sandbox.start(0, '127.0.0.1');
  const control = new SandboxControlClient(url);
  return {
    url,
    control,
    settled: ({ timeoutMs = 30_000 } = {}) =>
      waitFor(
        async () => {
          const deliveries = await control.webhooks();
          return deliveries.every((delivery) => delivery.status !== 'pending') ? deliveries : undefined;
        },
        { description: 'every sandbox webhook delivery to settle', timeoutMs },
      ),
    stop: () => sandbox.stop(),
  };
}
