export interface WaitForOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** What is awaited, for the timeout message ("the consumer to reconnect"). */
  description: string;
}

type Probe<T> = () => Promise<T | undefined | false> | T | undefined | false;

/** Polls `probe` until it returns a value other than undefined/false, or throws after `timeoutMs`. */
export async function waitFor<T>(probe: Probe<T>, options: WaitForOptions): Promise<T> {
  const { timeoutMs = 20_000, intervalMs = 50, description } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) throw timeoutError(description, timeoutMs, lastError);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function timeoutError(description: string, timeoutMs: number, lastError: unknown): Error {
  const cause = lastError instanceof Error ? `; last probe error: ${lastError.message}` : '';
  return new Error(`Timed out after ${timeoutMs} ms waiting for ${description}${cause}`, { cause: lastError });
}
