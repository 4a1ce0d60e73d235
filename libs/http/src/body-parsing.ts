import type { IncomingMessage } from 'node:http';

import express, { type RequestHandler } from 'express';

import { pathOf } from './path-of';

/** Parses `application/json` bodies up to `limit`; keeps the raw bytes for the given path prefixes. */
export function jsonBodyParser(limit: string, rawBodyPrefixes: readonly string[]): RequestHandler {
  const keepRawBody = (req: IncomingMessage, _res: unknown, body: Buffer): void => {
    if (isUnderAnyPrefix(pathOf(req.url), rawBodyPrefixes)) (req as express.Request).rawBody = body;
  };
  return express.json({ limit, type: 'application/json', verify: rawBodyPrefixes.length > 0 ? keepRawBody : undefined });
}

function isUnderAnyPrefix(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
}
