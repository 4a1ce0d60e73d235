import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@chatpilot/testing';

export interface CapturedRequest {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The raw body bytes, for independent signature checks. */
  raw: Buffer;
  /** The sender's port: the same for requests that reused one connection. */
  remotePort: number;
}

export interface CaptureServer {
  url: string;
  received: CapturedRequest[];
  /** Waits until at least `count` requests (optionally matching) arrived and returns them. */
  waitForCount(count: number, match?: (r: CapturedRequest) => boolean, timeoutMs?: number): Promise<CapturedRequest[]>;
  close(): Promise<void>;
}

export type Responder = (request: CapturedRequest, index: number) => { status: number; headers?: Record<string, string>; body?: string; delayMs?: number };

/** A tiny real HTTP server on 127.0.0.1:0 that records every request; answers 200 unless told otherwise. */
export async function startCaptureServer(respond: Responder = () => ({ status: 200 })): Promise<CaptureServer> {
  const received: CapturedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const captured = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw: Buffer.concat(chunks), remotePort: req.socket.remotePort ?? 0 };
      received.push(captured);
      const answer = respond(captured, received.length - 1);
      const send = (): void => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        res.end(answer.body ?? 'ok');
      };
      if (answer.delayMs === undefined) send();
      else setTimeout(send, answer.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    waitForCount: (count, match = () => true, timeoutMs = 15_000) =>
      waitFor(
        () => {
          const matching = received.filter(match);
          return matching.length >= count ? matching : undefined;
        },
        { description: `${count} request(s) at the capture server`, timeoutMs },
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Parses a captured partner webhook body. */
export function webhookOf(request: CapturedRequest): { id: string; event: string; data: Record<string, unknown> } {
  return JSON.parse(request.raw.toString('utf8')) as { id: string; event: string; data: Record<string, unknown> };
}

export function isEvent(event: string): (r: CapturedRequest) => boolean {
  return (r) => webhookOf(r).event === event;
}
