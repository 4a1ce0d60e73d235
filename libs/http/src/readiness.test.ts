import { Writable } from 'node:stream';

import { createLogger } from '@chatpilot/logger';

import { createReadinessProbe, type ReadinessCheck } from './readiness';

function memoryLogger(): { logger: ReturnType<typeof createLogger>; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger({ service: 'readiness-test', destination }), text: () => chunks.join('') };
}

const up: ReadinessCheck = { name: 'up', check: async () => undefined };
const refused: ReadinessCheck = {
  name: 'refused',
  check: async () => {
    throw Object.assign(new Error('connect ECONNREFUSED postgres://app:hunter2@db:5432/app'), { code: 'ECONNREFUSED' });
  },
};
const hanging: ReadinessCheck = { name: 'hanging', check: () => new Promise<void>(() => undefined) };

const runReadinessChecks = (checks: readonly ReadinessCheck[], timeoutMs: number, logger: ReturnType<typeof createLogger>) => createReadinessProbe(checks, timeoutMs)(logger);

describe('a readiness probe', () => {
  it('is ready when every check passes (and when there are none)', async () => {
    const { logger } = memoryLogger();
    await expect(runReadinessChecks([up], 1_000, logger)).resolves.toEqual({ ready: true, checks: { up: 'ok' } });
    await expect(runReadinessChecks([], 1_000, logger)).resolves.toEqual({ ready: true, checks: {} });
  });

  it('reports a failing check by code only, and logs it without the secret', async () => {
    const { logger, text } = memoryLogger();
    const report = await runReadinessChecks([up, refused], 1_000, logger);
    expect(report).toEqual({ ready: false, checks: { up: 'ok', refused: 'unavailable (ECONNREFUSED)' } });
    expect(text()).toContain('readiness check failed');
    expect(text()).toContain('ECONNREFUSED');
    expect(text()).not.toContain('hunter2');
  });

  it('bounds a check that never answers', async () => {
    const { logger } = memoryLogger();
    const report = await runReadinessChecks([hanging, up], 50, logger);
    expect(report).toEqual({ ready: false, checks: { hanging: 'timed out after 50 ms', up: 'ok' } });
  });

  it('logs a failing check when it starts failing and when it recovers, not on every probe', async () => {
    const { logger, text } = memoryLogger();
    let down = true;
    const flapping: ReadinessCheck = {
      name: 'rabbitmq',
      check: async () => {
        if (down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      },
    };
    const probe = createReadinessProbe([flapping], 1_000);
    const count = (message: string) => text().split('\n').filter((line) => line.includes(message)).length;

    for (let poll = 0; poll < 5; poll += 1) await expect(probe(logger)).resolves.toMatchObject({ ready: false });
    expect(count('readiness check failed')).toBe(1);

    down = false;
    await expect(probe(logger)).resolves.toMatchObject({ ready: true });
    await probe(logger);
    expect(count('readiness check recovered')).toBe(1);

    down = true;
    await probe(logger);
    expect(count('readiness check failed')).toBe(2);
  });
});
