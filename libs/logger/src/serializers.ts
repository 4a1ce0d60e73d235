import type { IncomingMessage, ServerResponse } from 'node:http';

import { stdSerializers } from 'pino';

import { redactSecrets } from './redact-secrets';

// pino-http hands these serializers values it has already passed through pino's standard ones;
// a plain logger hands them the raw objects. Both end up standard-serialized, then censored.

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
 * error properties). Pass them to pino-http too, which otherwise replaces them with its own.
 */
export const redactingSerializers: Readonly<Record<'req' | 'res' | 'err', (value: unknown) => unknown>> = Object.freeze({
  req: serializeRequest,
  res: serializeResponse,
  err: serializeError,
});
