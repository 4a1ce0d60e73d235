import http from 'node:http';
import https from 'node:https';

export interface WebhookAnswer {
  status: number;
  retryAfter: string | null;
}

export interface WebhookPostOptions {
  headers: Record<string, string>;
  /** The whole exchange, answer body included. */
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * POSTs webhook bodies over node:http with kept-alive connections, the way a real sender reuses
 * its connections. fetch (undici) did the same job at several times the CPU, and the sandbox
 * shares the benchmark machine with the services it drives.
 */
export class WebhookPoster {
  // Idle connections close after 4 s, before a Node server's own 5 s keep-alive timeout can close
  // one under a request that is about to reuse it.
  private readonly agents = { http: new http.Agent({ keepAlive: true, timeout: 4_000 }), https: new https.Agent({ keepAlive: true, timeout: 4_000 }) };

  post(url: string, body: string, options: WebhookPostOptions): Promise<WebhookAnswer> {
    const target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return Promise.reject(new Error(`cannot POST to a ${target.protocol} URL`));
    const secure = target.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const request = (secure ? https : http).request(
        target,
        {
          method: 'POST',
          agent: secure ? this.agents.https : this.agents.http,
          headers: { ...options.headers, 'content-length': Buffer.byteLength(body) },
          signal: options.signal,
        },
        (response) => {
          const retryAfter = response.headers['retry-after'] ?? null;
          // The answer's body is read and dropped, so the connection goes back to the pool.
          response.resume();
          response.once('end', () => resolve({ status: response.statusCode ?? 0, retryAfter }));
          response.once('error', reject);
        },
      );
      const deadline = setTimeout(() => request.destroy(new Error(`no complete answer within ${options.timeoutMs} ms`)), options.timeoutMs);
      request.once('close', () => clearTimeout(deadline));
      request.once('error', reject);
      request.end(body);
    });
  }

  /** Closes the kept-alive connections (a later post opens new ones). */
  closeConnections(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}
