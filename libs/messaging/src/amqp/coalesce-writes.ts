import type { Writable } from 'node:stream';

/**
 * Makes every frame a turn of the event loop writes leave in one `writev`, instead of one
 * `write` syscall per frame: the socket is corked at the turn's first write and uncorked on the
 * next tick, so nothing waits for a timer.
 *
 * amqplib's Mux writes each queued message (method, header and body frames) with its own
 * `socket.write`. A relay publishing a batch of 200 events therefore made 200 syscalls, and on a
 * virtual machine a loopback write costs tens of microseconds of CPU: in `bench:bus` these writes
 * were the largest single item of the publishing process's profile. Acks and heartbeats go
 * through the same socket and are coalesced the same way.
 *
 * Returns false, changing nothing, when the stream is not a writable with `cork` (amqplib's
 * internals are not a public API, so their absence only costs the optimisation).
 */
export function coalesceWritesPerTurn(stream: unknown): boolean {
  if (!isCorkable(stream)) return false;
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  let corked = false;
  const uncork = (): void => {
    corked = false;
    stream.uncork();
  };
  stream.write = ((...args: unknown[]): boolean => {
    if (!corked) {
      corked = true;
      stream.cork();
      process.nextTick(uncork);
    }
    return write(...args);
  }) as Writable['write'];
  return true;
}

/** The socket under an amqplib connection (`ChannelModel.connection.stream`), if it has one. */
export function amqplibSocketOf(model: unknown): unknown {
  const connection = (model as { connection?: { stream?: unknown } } | undefined)?.connection;
  return connection?.stream;
}

function isCorkable(stream: unknown): stream is Writable {
  const candidate = stream as Partial<Writable> | null | undefined;
  return typeof candidate?.write === 'function' && typeof candidate.cork === 'function' && typeof candidate.uncork === 'function';
}
