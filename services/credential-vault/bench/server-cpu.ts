/** Answers the bench's `cpu` requests with this process's CPU time, so it can compute CPU per call. */
export function reportCpuOnRequest(): void {
  process.on('message', (message: unknown) => {
    if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  });
}
