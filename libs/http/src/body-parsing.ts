import type { IncomingMessage } from 'node:http';

import express, { type RequestHandler } from 'express';

import { HttpError } from './http-error';
import { pathOf } from './path-of';

/** Throws (an HttpError: the answer) when the raw body must not be parsed, e.g. its signature does not match. */
export type RawBodyVerifier = (req: express.Request, res: express.Response, rawBody: Buffer) => void;

/**
 * Parses `application/json` bodies up to `limit`; keeps the raw bytes for the given path prefixes
 * and runs `verify` on them first. body-parser passes what `verify` throws on with its own status
 * kept, and never parses the body.
 */
export function jsonBodyParser(limit: string, rawBodyPrefixes: readonly string[], verify?: RawBodyVerifier): RequestHandler {
  // Compared in lower case: express routes paths case-insensitively, so `/Webhooks/…` reaches the
  // same handler, which must find the raw bytes there too.
  const prefixes = rawBodyPrefixes.map((prefix) => prefix.toLowerCase());
  const keepRawBody = (req: IncomingMessage, res: unknown, body: Buffer): void => {
    if (!isUnderAnyPrefix(pathOf(req.url).toLowerCase(), prefixes)) return;
    (req as express.Request).rawBody = body;
    verify?.(req as express.Request, res as express.Response, body);
  };
  return express.json({ limit, type: 'application/json', verify: rawBodyPrefixes.length > 0 ? keepRawBody : undefined });
}

/**
 * Refuses (415) a request that carries a body in anything but `application/json`: the JSON parser
 * leaves such a body unread, and a route must not mistake it for an empty one. For routes that
 * take a body whose fields are all optional.
 */
export function requireJsonBody(): RequestHandler {
  return (req, _res, next) => {
    if (carriesBody(req) && !req.is('application/json')) {
      next(new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be application/json'));
      return;
    }
    next();
  };
}

/** A body is announced by a non-zero Content-Length or by chunked transfer (whose length is unknown until read). */
function carriesBody(req: IncomingMessage): boolean {
  const contentLength = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (contentLength !== undefined && contentLength !== '0');
}

function isUnderAnyPrefix(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
}
