/**
 * `work`'s value, or undefined when `timeoutMs` passes first; a failure of `work` rejects as usual
 * until then. For waits on a broker that may never answer (it stopped reading, or the link died).
 */
export async function within<T>(work: Promise<T>, timeoutMs: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    return await Promise.race([work, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
