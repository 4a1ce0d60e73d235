import { parseStartOptions, scheduleOf } from './cli-options';

const ROOT = '/repo';

describe('parseStartOptions', () => {
  it('runs embedded on the documented ports with data in .data when nothing is configured', () => {
    expect(parseStartOptions([], {}, ROOT)).toMatchObject({
      command: 'start',
      infra: 'embedded',
      dataDir: '/repo/.data',
      freePorts: false,
      statusSchedule: { stepDelayMs: 800 },
    });
  });

  it('switches to local processes when DATABASE_URL or AMQP_URL is set, and uses them', () => {
    const options = parseStartOptions([], { DATABASE_URL: 'postgres://db:5432/postgres' }, ROOT);
    expect(options).toMatchObject({ infra: 'local', databaseUrl: 'postgres://db:5432/postgres', amqpUrl: 'amqp://guest:guest@127.0.0.1:5672' });
    expect(parseStartOptions([], { AMQP_URL: 'amqp://mq' }, ROOT).infra).toBe('local');
  });

  it('reads the flags', () => {
    expect(parseStartOptions(['--infra', 'local', '--data-dir', '/tmp/x', '--free-ports', '--status-schedule', 'immediate', '--log-level', 'warn'], {}, ROOT)).toMatchObject({
      infra: 'local',
      dataDir: '/tmp/x',
      freePorts: true,
      statusSchedule: 'immediate',
      logLevel: 'warn',
    });
    expect(parseStartOptions(['reset'], {}, ROOT).command).toBe('reset');
    expect(parseStartOptions(['--help'], {}, ROOT).command).toBe('help');
  });

  it('refuses what it does not understand, naming it', () => {
    expect(() => parseStartOptions(['--infra', 'cloud'], {}, ROOT)).toThrow('--infra must be embedded or local, not cloud');
    expect(() => parseStartOptions(['--data-dir'], {}, ROOT)).toThrow('--data-dir needs a value');
    expect(() => parseStartOptions(['--verbose'], {}, ROOT)).toThrow('unknown option --verbose');
  });

  it('refuses a DATABASE_URL or AMQP_URL it cannot use, naming the variable and never its value', () => {
    expect(() => parseStartOptions([], { DATABASE_URL: 'not a url' }, ROOT)).toThrow('DATABASE_URL is not a URL; expected postgres://… or postgresql://…');
    expect(() => parseStartOptions([], { DATABASE_URL: 'mysql://root:pw@db/x' }, ROOT)).toThrow('DATABASE_URL must start with postgres:// or postgresql://, not mysql://');
    expect(() => parseStartOptions([], { AMQP_URL: 'http://guest:secret@mq' }, ROOT)).toThrow('AMQP_URL must start with amqp:// or amqps://, not http://');
  });
});

describe('scheduleOf', () => {
  it('accepts the sandbox schedules', () => {
    expect(scheduleOf('manual')).toBe('manual');
    expect(scheduleOf('250')).toEqual({ stepDelayMs: 250 });
    expect(() => scheduleOf('fast')).toThrow('--status-schedule must be immediate, manual or milliseconds, not fast');
  });
});
