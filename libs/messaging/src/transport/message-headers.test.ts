import { deadLetterHeaders, describeDeadLetter, MESSAGE_HEADERS, readFailedAttempts, replayHeaders, retryHeaders } from './message-headers';

const body = Buffer.from('{"id":"e-1"}');

describe('message headers', () => {
  it('counts failed attempts from zero and ignores nonsense', () => {
    expect(readFailedAttempts(undefined)).toBe(0);
    expect(readFailedAttempts({ [MESSAGE_HEADERS.failedAttempts]: 2 })).toBe(2);
    expect(readFailedAttempts({ [MESSAGE_HEADERS.failedAttempts]: -1 })).toBe(0);
    expect(readFailedAttempts({ [MESSAGE_HEADERS.failedAttempts]: 'many' })).toBe(0);
  });

  it('records why a message was dead-lettered, with a bounded error text', () => {
    const headers = deadLetterHeaders(retryHeaders({ custom: 'kept' }, 1, 'first failure'), {
      reason: 'ATTEMPTS_EXHAUSTED',
      failedAttempts: 5,
      error: 'x'.repeat(5_000),
    }, new Date('2026-01-02T03:04:05Z'));

    const letter = describeDeadLetter({ messageId: 'e-1', type: 'registry.channel.linked', headers, body });

    expect(letter).toMatchObject({ messageId: 'e-1', reason: 'ATTEMPTS_EXHAUSTED', failedAttempts: 5, deadLetteredAt: '2026-01-02T03:04:05.000Z', body: '{"id":"e-1"}' });
    expect(letter.error?.length).toBeLessThanOrEqual(1_000);
    expect(headers.custom).toBe('kept');
  });

  it('gives a replayed message a fresh set of attempts and drops the dead-letter marks', () => {
    const replayed = replayHeaders(deadLetterHeaders({}, { reason: 'NON_RETRYABLE', failedAttempts: 1, error: 'no' }));

    expect(readFailedAttempts(replayed)).toBe(0);
    expect(replayed).not.toHaveProperty(MESSAGE_HEADERS.deadLetterReason);
    expect(replayed).toHaveProperty(MESSAGE_HEADERS.replayedAt);
  });

  it('names the broker as the reason when RabbitMQ dead-lettered a message by itself', () => {
    const headers = { 'x-death': [{ reason: 'delivery_limit', queue: 'a.events' }, { reason: 'expired', queue: 'a.events.delay.1000ms' }] };

    expect(describeDeadLetter({ messageId: undefined, type: undefined, headers, body }).reason).toBe('BROKER_DELIVERY_LIMIT');
  });
});
