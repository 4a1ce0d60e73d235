import type { IncomingMessage, ServerResponse } from 'node:http';

import { stdSerializers } from 'pino';

import { redactSecrets } from './redact-secrets';

// A request logger such as pino-http may hand these serializers values already passed through
// pino's standard ones; ours hands them the raw objects. Both end up standard-serialized, then censored.

function serializeRequest(value: unknown): unknown {
  const serialized = isRaw(value) ? stdSerializers.req(value as IncomingMessage) : value;
  return redactSecrets(serialized);
}

function serializeResponse(value: unknown): unknown {
  const serialized = isRaw(value) ? stdSerializers.res(value as ServerResponse) : value;
  return redactSecrets(serialized);
}

function serializeError(value: unknown): unknown {
  return redactSecrets(value);
}

function isRaw(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'socket' in value;
}

/**
 * Serializers for the `req`, `res` and `err` keys that censor secrets (headers, query strings,
 * error properties). Pass them to any request logger that brings its own (pino-http does).
 */
export const redactingSerializers: Readonly<Record<'req' | 'res' | 'err', (value: unknown) => unknown>> = Object.freeze({
  req: serializeRequest,
  res: serializeResponse,
  err: serializeError,
});
