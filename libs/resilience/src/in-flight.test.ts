import { createInFlight } from './in-flight';

describe('createInFlight', () => {
  it('reports idle once every piece of work ended, each end counted once', async () => {
    const inFlight = createInFlight();
    const first = inFlight.begin();
    const second = inFlight.begin();
    const idle = inFlight.idle(10_000);

    first();
    first();
    expect(inFlight.count()).toBe(1);
    second();

    await expect(idle).resolves.toBe(true);
  });

  it('gives up waiting after the timeout', async () => {
    const inFlight = createInFlight();
    inFlight.begin();

    await expect(inFlight.idle(10)).resolves.toBe(false);
  });
});
