import { createTokenBucket } from './token-bucket';

/** A clock that only moves when the bucket sleeps, so the test measures the bucket, not the machine. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
  };
}

describe('createTokenBucket', () => {
  it('lets a burst through at once, then paces calls at the rate', async () => {
    const time = fakeTime();
    const bucket = createTokenBucket({ ratePerSecond: 2, burst: 3, now: time.now, sleep: time.sleep });

    for (let call = 0; call < 3; call += 1) await bucket.take();
    expect(time.sleeps).toEqual([]);

    await bucket.take();
    await bucket.take();
    expect(time.sleeps).toEqual([500, 500]);
    expect(time.now()).toBe(1_000);
  });

  it('refills while idle, but never beyond the burst', async () => {
    const time = fakeTime();
    const bucket = createTokenBucket({ ratePerSecond: 10, burst: 2, now: time.now, sleep: time.sleep });
    await bucket.take();
    await bucket.take();

    time.advance(60_000);
    await bucket.take();
    await bucket.take();
    expect(time.sleeps).toEqual([]);
    await bucket.take();
    expect(time.sleeps).toEqual([100]);
  });

  it('stops waiting when the signal aborts', async () => {
    const time = fakeTime();
    const bucket = createTokenBucket({ ratePerSecond: 1, burst: 1, now: time.now, sleep: time.sleep });
    await bucket.take();
    const aborted = AbortSignal.abort();
    await bucket.take(aborted);
    expect(time.sleeps).toEqual([]);
  });

  it('refuses a rate or burst that could never hand out a token', () => {
    expect(() => createTokenBucket({ ratePerSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => createTokenBucket({ ratePerSecond: 1, burst: 0 })).toThrow(RangeError);
  });
});
