import { toErrorResponse } from './error-mapper';
import { HttpError } from './http-error';

describe('toErrorResponse', () => {
  it('answers an HttpError with its own status, code, message and details', () => {
    expect(toErrorResponse(new HttpError(409, 'ONBOARDING.STATE_ALREADY_USED', 'State already used', { field: 'state' }))).toEqual({
      status: 409,
      body: { code: 'ONBOARDING.STATE_ALREADY_USED', message: 'State already used', details: { field: 'state' } },
    });
  });

  it('never forwards a body-parser message, which may quote the body', () => {
    const parseFailure = { type: 'entity.parse.failed', status: 400, expose: true, message: 'Unexpected token "s3cr3t"' };
    expect(toErrorResponse(parseFailure)).toEqual({ status: 400, body: { code: 'MALFORMED_JSON', message: 'Request body is not valid JSON' } });
    expect(toErrorResponse({ type: 'entity.too.large', status: 413, expose: true })).toEqual({
      status: 413,
      body: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' },
    });
  });

  it('maps other exposed client errors by status with a generic message', () => {
    expect(toErrorResponse({ type: 'charset.unsupported', status: 415, expose: true, message: 'unsupported charset "X"' })).toEqual({
      status: 415,
      body: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported Media Type' },
    });
  });

  it('answers a path parameter that is not valid percent-encoding with a 400 that does not quote it', () => {
    const decodeFailure = Object.assign(new URIError("Failed to decode param '%FFsecret'"), { status: 400, statusCode: 400 });
    expect(toErrorResponse(decodeFailure)).toEqual({
      status: 400,
      body: { code: 'MALFORMED_URI', message: 'Request path is not valid percent-encoding' },
    });
  });

  it.each([
    ['a plain Error', new Error('connection to postgres://user:pw@db failed')],
    ['an unexposed 5xx http error', { status: 503, expose: false, message: 'upstream' }],
    ['a thrown string', 'token=abc'],
    ['a URIError of our own code', new URIError('URI malformed')],
    ['undefined', undefined],
  ])('answers %s with a generic 500', (_label, error) => {
    expect(toErrorResponse(error)).toEqual({ status: 500, body: { code: 'INTERNAL', message: 'Internal server error' } });
  });
});

describe('HttpError', () => {
  it('refuses a status that is not an error status', () => {
    expect(() => new HttpError(200, 'OK', 'fine')).toThrow(RangeError);
    expect(() => new HttpError(600, 'X', 'x')).toThrow(RangeError);
  });
});
