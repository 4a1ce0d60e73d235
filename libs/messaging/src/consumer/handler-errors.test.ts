import { isNonRetryable, NonRetryableError } from './handler-errors';

describe('isNonRetryable', () => {
  it('recognises the library error and any error marked retryable: false', () => {
    expect(isNonRetryable(new NonRetryableError('tenant mismatch', 'REGISTRY.TENANT_MISMATCH'))).toBe(true);
    expect(isNonRetryable(Object.assign(new Error('domain rule'), { retryable: false }))).toBe(true);
  });

  it('treats everything else as worth another try', () => {
    expect(isNonRetryable(new Error('timeout'))).toBe(false);
    expect(isNonRetryable(Object.assign(new Error('x'), { retryable: true }))).toBe(false);
    expect(isNonRetryable('text')).toBe(false);
    expect(isNonRetryable(undefined)).toBe(false);
  });
});
