/** Queue names of one consumer; the same in RabbitMQ and in memory. */
export function workQueueName(consumer: string): string {
  return `${consumer}.events`;
}

export function deadLetterQueueName(consumer: string): string {
  return `${consumer}.events.dlq`;
}

export function delayQueueName(consumer: string, delayMs: number): string {
  return `${consumer}.events.delay.${delayMs}ms`;
}

/** Every queue a consumer with these retry delays owns. */
export function consumerQueueNames(consumer: string, retryDelaysMs: readonly number[]): string[] {
  const delays = [...new Set(retryDelaysMs)];
  return [workQueueName(consumer), deadLetterQueueName(consumer), ...delays.map((delay) => delayQueueName(consumer, delay))];
}
