import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';

import { ConfigError } from '@chatpilot/config';
import { createLogger } from '@chatpilot/logger';

import { runService } from './run-service';

class FakeProcess extends EventEmitter {
  exitCode: number | undefined;
  exits: number[] = [];
  exit = ((code?: number) => {
    this.exits.push(code ?? 0);
  }) as unknown as NodeJS.Process['exit'];
}

const silentLogger = () => createLogger({ service: 'test', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

describe('runService', () => {
  it('prints every config problem once and exits 1 without building', async () => {
    const proc = new FakeProcess();
    const errors: string[] = [];
    const build = jest.fn();
    await runService({
      name: 'svc',
      loadConfig: () => {
        throw new ConfigError('svc', [
          { variable: 'DATABASE_URL', problem: 'is required but not set' },
          { variable: 'AMQP_URL', problem: 'is required but not set' },
        ]);
      },
      createLogger: silentLogger,
      build,
      process: proc as unknown as NodeJS.Process,
      writeError: (message) => errors.push(message),
    });
    expect(proc.exitCode).toBe(1);
    expect(build).not.toHaveBeenCalled();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('DATABASE_URL');
    expect(errors[0]).toContain('AMQP_URL');
  });

  it('starts the service and stops it once on SIGTERM, then exits 0', async () => {
    const proc = new FakeProcess();
    const calls: string[] = [];
    await runService({
      name: 'svc',
      loadConfig: () => ({}),
      createLogger: silentLogger,
      build: () => ({
        start: async () => void calls.push('start'),
        stop: async () => void calls.push('stop'),
      }),
      process: proc as unknown as NodeJS.Process,
    });
    proc.emit('SIGTERM');
    proc.emit('SIGINT');
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['start', 'stop']);
    expect(proc.exits).toEqual([0]);
  });

  it('stops what was built and exits 1 when start fails', async () => {
    const proc = new FakeProcess();
    const calls: string[] = [];
    await runService({
      name: 'svc',
      loadConfig: () => ({}),
      createLogger: silentLogger,
      build: () => ({
        start: async () => {
          calls.push('start');
          throw new Error('port in use');
        },
        stop: async () => void calls.push('stop'),
      }),
      process: proc as unknown as NodeJS.Process,
    });
    expect(calls).toEqual(['start', 'stop']);
    expect(proc.exitCode).toBe(1);
  });
});
