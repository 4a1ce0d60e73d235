import type { Logger } from '@chatpilot/logger';

import type { IngestMetrics, StoreOutcome, WebhookToStore, WebhookWriter } from '../app/ports';
import { createGroupCommit, GroupCommitQueueFullError } from './group-commit';
import type { WebhookEventRepository } from './webhook-event.repository';

export interface WebhookWriterOptions {
  repository: WebhookEventRepository;
  logger: Logger;
  metrics: IngestMetrics;
  maxBatchItems: number;
  maxBatchBytes: number;
  maxConcurrentCommits: number;
  maxQueuedItems: number;
}

export interface GroupCommittingWebhookWriter extends WebhookWriter {
  drain(): Promise<void>;
}

/** The write path: concurrent webhooks share transactions (group commit); each resolves after its commit. */
export function createWebhookWriter(options: WebhookWriterOptions): GroupCommittingWebhookWriter {
  const logger = options.logger.child({ component: 'webhook-writer' });
  const groupCommit = createGroupCommit<WebhookToStore, StoreOutcome>({
    commit: async (webhooks) => {
      options.metrics.observeBatchSize(webhooks.length);
      try {
        return await options.repository.storeBatch(webhooks);
      } catch (error) {
        logger.warn({ err: error, batch_size: webhooks.length }, 'could not store a batch of webhooks');
        throw error;
      }
    },
    sizeOf: (webhook) => webhook.bodyText.length,
    maxBatchItems: options.maxBatchItems,
    maxBatchBytes: options.maxBatchBytes,
    maxConcurrentCommits: options.maxConcurrentCommits,
    maxQueuedItems: options.maxQueuedItems,
  });
  return {
    store: async (webhook) => {
      try {
        return await groupCommit.submit(webhook);
      } catch (error) {
        if (error instanceof GroupCommitQueueFullError) logger.warn({ err: error }, 'webhook refused: write queue full');
        throw error;
      }
    },
    drain: () => groupCommit.drain(),
  };
}
