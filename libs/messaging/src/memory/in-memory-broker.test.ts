import { createLogger } from '@chatpilot/logger';

import { createInFlight } from '@chatpilot/resilience';
import type { DeliveryDecision, InboundDelivery } from '../transport/message-transport';
import { createInMemoryBroker } from './in-memory-broker';

describe('in-memory broker, a delivery that fails unexpectedly', () => {
  const logger = createLogger({ service: 'in-memory-broker-test', level: 'silent' });

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function brokerWithFailingConsumer(fail: (delivery: InboundDelivery) => boolean) {
    const broker = createInMemoryBroker(logger, { deliveryLimit: 3, requeueDelayMs: 1_000 });
    const queue = broker.queueFor('consumer');
    queue.bindingKeys.add('test.#');
    const deliveries: InboundDelivery[] = [];
    const handle = async (delivery: InboundDelivery): Promise<DeliveryDecision> => {
      deliveries.push(delivery);
      if (fail(delivery)) throw new Error('the handler plumbing broke');
      return { action: 'ack' };
    };
    queue.active = { subscription: { consumer: 'consumer', bindingKeys: ['test.#'], prefetch: 10, retryDelaysMs: [1_000], handle }, inFlight: createInFlight() };
    broker.route({ id: 'event-1', type: 'test.happened', body: Buffer.from('{}') });
    return { broker, queue, deliveries };
  }

  it('is requeued after a pause rather than at once, so the process keeps running', async () => {
    let failures = 1;
    const { deliveries } = brokerWithFailingConsumer(() => failures-- > 0);
    await jest.advanceTimersByTimeAsync(0);
    expect(deliveries).toHaveLength(1);

    await jest.advanceTimersByTimeAsync(999);
    expect(deliveries).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(deliveries).toHaveLength(2);
  });

  it('is dead-lettered once it reaches the delivery limit', async () => {
    const { broker, queue, deliveries } = brokerWithFailingConsumer(() => true);
    await jest.advanceTimersByTimeAsync(10_000);

    expect(deliveries).toHaveLength(3);
    expect(queue.ready).toHaveLength(0);
    expect(queue.deadLetters.map((message) => message.messageId)).toEqual(['event-1']);
    broker.close();
  });
});
