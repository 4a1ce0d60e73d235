import net from 'node:net';

export interface FaultProxyTarget {
  host: string;
  port: number;
}

export interface FaultProxy {
  host: string;
  port: number;
  /** Destroys every live connection and refuses new ones until `resume()`. */
  cut(): void;
  resume(): void;
  /** Delays forwarded bytes by `ms` in both directions (0 turns the delay off). */
  setDelay(ms: number): void;
  connectionCount(): number;
  close(): Promise<void>;
  /** The same URL with its host:port replaced by the proxy's. */
  rewriteUrl(url: string): string;
}

interface ProxiedConnection {
  client: net.Socket;
  upstream: net.Socket;
}

/** A TCP proxy on 127.0.0.1 that lets a test make a shared server vanish, slow down and come back. */
export async function startFaultProxy(target: FaultProxyTarget): Promise<FaultProxy> {
  const connections = new Set<ProxiedConnection>();
  const settings = { isCut: false, delayMs: 0 };

  const server = net.createServer((client) => {
    if (settings.isCut) {
      client.destroy();
      return;
    }
    const connection = connect(client, target, () => settings.delayMs);
    connections.add(connection);
    client.once('close', () => connections.delete(connection));
  });
  const destroyAll = (): void => {
    for (const { client, upstream } of connections) {
      client.destroy();
      upstream.destroy();
    }
    connections.clear();
  };

  const address = await listen(server);
  return {
    host: address.address,
    port: address.port,
    cut: () => {
      settings.isCut = true;
      destroyAll();
    },
    resume: () => {
      settings.isCut = false;
    },
    setDelay: (ms) => {
      settings.delayMs = Math.max(0, ms);
    },
    connectionCount: () => connections.size,
    close: async () => {
      destroyAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    rewriteUrl: (url) => replaceHostAndPort(url, address.address, address.port),
  };
}

function connect(client: net.Socket, target: FaultProxyTarget, delayMs: () => number): ProxiedConnection {
  const upstream = net.connect({ host: target.host, port: target.port });
  upstream.setNoDelay(true);
  client.setNoDelay(true);
  forward(client, upstream, delayMs);
  forward(upstream, client, delayMs);
  return { client, upstream };
}

/**
 * Pipes `from` into `to`, holding each chunk back for the current delay while keeping byte order,
 * and passes the end of `from` on only after the held-back bytes went out.
 */
function forward(from: net.Socket, to: net.Socket, delayMs: () => number): void {
  const pending: { releaseAt: number; chunk: Buffer }[] = [];
  let closeTarget: (() => void) | undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  // Held-back bytes die with the destination, and so does their timer (jest must be able to exit).
  to.once('close', () => {
    pending.length = 0;
    clearTimeout(flushTimer);
  });

  const write = (chunk: Buffer): void => {
    if (to.destroyed) return;
    if (!to.write(chunk) && !from.isPaused()) {
      from.pause();
      to.once('drain', () => from.resume());
    }
  };
  const flush = (): void => {
    while (pending.length > 0 && pending[0]!.releaseAt <= Date.now()) write(pending.shift()!.chunk);
    const next = pending[0];
    if (next) flushTimer = setTimeout(flush, next.releaseAt - Date.now());
    else closeTarget?.();
  };

  from.on('data', (chunk: Buffer) => {
    const delay = delayMs();
    if (delay === 0 && pending.length === 0) return write(chunk);
    const previous = pending[pending.length - 1]?.releaseAt ?? 0;
    pending.push({ releaseAt: Math.max(Date.now() + delay, previous), chunk });
    if (pending.length === 1) flushTimer = setTimeout(flush, delay);
  });
  // A failing side is swallowed here and surfaces as `close`, like a dropped TCP path would.
  from.on('error', () => undefined);
  from.on('close', (hadError: boolean) => {
    closeTarget = () => (hadError ? to.destroy() : to.end());
    if (pending.length === 0) closeTarget();
  });
}

function listen(server: net.Server): Promise<net.AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server.address() as net.AddressInfo);
    });
  });
}

function replaceHostAndPort(url: string, host: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = host;
  parsed.port = String(port);
  return parsed.toString();
}
