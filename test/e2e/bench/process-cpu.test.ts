import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { componentOf, cpuByComponent, readProcessCpu, ticksOf } from './process-cpu';

describe('CPU by process', () => {
  it('tells the services, the sandbox, the bench, PostgreSQL and RabbitMQ from their command lines', () => {
    expect(componentOf('/usr/bin/node --require /w/orphan-guard.js /w/services/webhook-ingest/dist/src/main.js ')).toBe('webhook-ingest');
    expect(componentOf('/usr/bin/node /w/test/d360-sandbox/dist/src/main.js ')).toBe('sandbox (360dialog)');
    expect(componentOf('node test/e2e/dist/bench/onboarding.bench.js ')).toBe('this bench');
    expect(componentOf('postgres: 15/main: postgres t_e2e_bench_channel_registry_f5d95dbb13 127.0.0.1(40412) idle')).toBe(
      "PostgreSQL, channel-registry's database",
    );
    expect(componentOf('postgres: 15/main: walwriter   ')).toBe('PostgreSQL, other');
    expect(componentOf('/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main ')).toBe('PostgreSQL, other');
    expect(componentOf('/usr/lib/erlang/erts-13.1.5/bin/beam.smp -W w ')).toBe('RabbitMQ');
    expect(componentOf('/usr/sbin/sshd -D ')).toBeUndefined();
  });

  it('reads user + system ticks after a command name that holds spaces and parentheses', () => {
    const stat = '4242 (node (main) x) S 1 4242 4242 0 -1 4194560 900 0 0 0 150 25 0 0 20 0 11 0 1000 0 0';
    expect(ticksOf(stat)).toBe(175);
    expect(ticksOf('4242 (node) S 1')).toBeUndefined();
  });

  it('sums each component’s ticks between two snapshots, per unit of work, counting a new process from zero', () => {
    const before = new Map([
      [1, { component: 'onboarding', ticks: 100 }],
      [2, { component: 'RabbitMQ', ticks: 500 }],
      [3, { component: 'PostgreSQL, other', ticks: 40 }],
    ]);
    const after = new Map([
      [1, { component: 'onboarding', ticks: 300 }],
      [2, { component: 'RabbitMQ', ticks: 600 }],
      [4, { component: 'onboarding', ticks: 20 }],
    ]);

    // 100 ticks are one core-second: onboarding's 220 ticks over 10 onboardings are 220 ms each.
    expect(cpuByComponent(before, after, 10)).toEqual([
      { component: 'onboarding', coreMsPerUnit: 220 },
      { component: 'RabbitMQ', coreMsPerUnit: 100 },
    ]);
  });

  it('reads a /proc tree, skipping what it does not know and what vanished', () => {
    const root = mkdtempSync(join(tmpdir(), 'proc-'));
    try {
      const add = (pid: string, cmdline: string, stat?: string) => {
        mkdirSync(join(root, pid));
        writeFileSync(join(root, pid, 'cmdline'), cmdline.replaceAll(' ', '\0'));
        if (stat !== undefined) writeFileSync(join(root, pid, 'stat'), stat);
      };
      add('10', 'node /w/services/onboarding/dist/src/main.js', '10 (node) S 1 1 1 0 -1 0 0 0 0 0 7 3 0 0');
      add('11', '/usr/sbin/cron -f', '11 (cron) S 1 1 1 0 -1 0 0 0 0 0 1 1 0 0');
      add('12', 'node /w/services/credential-vault/dist/src/main.js');
      mkdirSync(join(root, 'self'));

      expect(readProcessCpu(root)).toEqual(new Map([[10, { component: 'onboarding', ticks: 10 }]]));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
