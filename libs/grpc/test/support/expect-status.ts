import * as grpc from '@grpc/grpc-js';

/** Asserts that a call rejects with the given gRPC status (shown by name on failure). */
export async function expectStatus(call: Promise<unknown>, code: grpc.status): Promise<void> {
  const outcome = await call.then(
    () => 'OK (resolved)',
    (error: unknown) => grpc.status[(error as { code?: number }).code ?? -1] ?? String(error),
  );
  expect(outcome).toBe(grpc.status[code]);
}
