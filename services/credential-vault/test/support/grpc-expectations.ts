import * as grpc from '@grpc/grpc-js';

/** Awaits a call that must fail with `code`; returns its details (they start with the VAULT.* code). */
export async function expectGrpcError(call: Promise<unknown>, code: grpc.status): Promise<string> {
  const outcome = await call.then(
    () => ({ status: 'OK (resolved)', details: '' }),
    (error: { code?: number; details?: string; message?: string }) => ({
      status: grpc.status[error.code ?? -1] ?? String(error.message),
      details: error.details ?? '',
    }),
  );
  expect(outcome.status).toBe(grpc.status[code]);
  return outcome.details;
}

/** Fails naming the secret's last four characters if any captured line contains one of `secrets`. */
export function expectNoSecretIn(lines: readonly string[], secrets: readonly string[]): void {
  expect(secrets.length).toBeGreaterThan(0);
  const leaked = secrets.filter((secret) => lines.some((line) => line.includes(secret)));
  expect(leaked.map((secret) => `…${secret.slice(-4)}`)).toEqual([]);
}
