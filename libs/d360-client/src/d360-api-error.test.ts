import { CircuitOpenError } from '@chatpilot/resilience';

import { D360ApiError, codeForStatus, errorFromResponse, explanationIn, isBreakerNeutral, isRetryableD360Error } from './d360-api-error';

const request = { api: 'Partner API', method: 'POST', pathTemplate: '/partners/{partner_id}/channels/{channel_id}/api_keys' } as const;
const answer = (status: number, bodyText = '', retryAfterHeader: string | null = null) => errorFromResponse(request, { status, bodyText, retryAfterHeader }, 0);

describe('codeForStatus', () => {
  it.each([
    [400, 'D360.BAD_REQUEST'],
    [422, 'D360.BAD_REQUEST'],
    [401, 'D360.UNAUTHORIZED'],
    [403, 'D360.FORBIDDEN'],
    [404, 'D360.NOT_FOUND'],
    [409, 'D360.REJECTED'],
    [429, 'D360.RATE_LIMITED'],
    [500, 'D360.UNAVAILABLE'],
    [503, 'D360.UNAVAILABLE'],
  ])('maps HTTP %i to %s', (status, code) => {
    expect(codeForStatus(status)).toBe(code);
  });
});

describe('errorFromResponse', () => {
  it('marks 429 and 5xx retryable and other 4xx final', () => {
    expect([429, 500, 502, 503].map((status) => answer(status).retryable)).toEqual([true, true, true, true]);
    expect([400, 401, 403, 404, 409].map((status) => answer(status).retryable)).toEqual([false, false, false, false, false]);
  });

  it('carries Retry-After in milliseconds, in seconds or as an HTTP date', () => {
    expect(answer(429, '', '3').retryAfterMs).toBe(3000);
    expect(answer(429, '', new Date(5000).toUTCString()).retryAfterMs).toBe(5000);
    expect(answer(429).retryAfterMs).toBeUndefined();
  });

  it('names the call by path template and keeps the body out of the message', () => {
    const error = answer(401, JSON.stringify({ meta: { developer_message: 'Invalid API key' }, echoed_api_key: 'sk-secret' }));

    expect(error.message).toBe('360dialog Partner API POST /partners/{partner_id}/channels/{channel_id}/api_keys answered 401 (D360.UNAUTHORIZED)');
    expect(error.detail).toBe('Invalid API key');
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('sk-secret');
  });

  it('censors secret-looking assignments inside the explanation it keeps', () => {
    expect(answer(400, JSON.stringify({ meta: { developer_message: 'bad request api_key=sk-secret' } })).detail).toBe('bad request api_key=[REDACTED]');
  });
});

describe('explanationIn', () => {
  it('reads the hub shape and the Cloud API shape, and ignores anything else', () => {
    expect(explanationIn('{"meta":{"success":false,"developer_message":"Channel not found"}}')).toBe('Channel not found');
    expect(explanationIn('{"error":{"message":"(#100) Invalid parameter","error_data":{"details":"to is required"}}}')).toBe('(#100) Invalid parameter: to is required');
    expect(explanationIn('<html>Bad gateway</html>')).toBeUndefined();
    expect(explanationIn('{"api_key":"sk-secret"}')).toBeUndefined();
  });
});

describe('isBreakerNeutral', () => {
  it('treats refusals of the request as healthy answers, but not 429, 5xx, timeouts or an open breaker', () => {
    expect([400, 401, 403, 404].every((status) => isBreakerNeutral(answer(status)))).toBe(true);
    expect([429, 500, 503].some((status) => isBreakerNeutral(answer(status)))).toBe(false);
    expect(isBreakerNeutral(new D360ApiError({ code: 'D360.TIMEOUT', request, retryable: true }))).toBe(false);
    expect(isBreakerNeutral(new CircuitOpenError('d360'))).toBe(false);
  });

  it('does not count a call its own caller cancelled', () => {
    expect(isBreakerNeutral(new D360ApiError({ code: 'D360.ABORTED', request, retryable: false }))).toBe(true);
  });
});

describe('isRetryableD360Error', () => {
  it('retries only D360ApiErrors that say so', () => {
    expect(isRetryableD360Error(answer(503))).toBe(true);
    expect(isRetryableD360Error(answer(404))).toBe(false);
    expect(isRetryableD360Error(new CircuitOpenError('d360'))).toBe(false);
    expect(isRetryableD360Error(new Error('boom'))).toBe(false);
  });
});
