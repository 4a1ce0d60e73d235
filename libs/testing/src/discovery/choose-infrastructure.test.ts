import { chooseInfrastructure, needsContainer, redactPassword, type ServiceProbe } from './choose-infrastructure';

function database(overrides: Partial<ServiceProbe> = {}): ServiceProbe {
  return {
    service: 'PostgreSQL',
    envVariable: 'TEST_DATABASE_URL',
    envUrl: undefined,
    localUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
    reachable: true,
    ...overrides,
  };
}

function amqp(overrides: Partial<ServiceProbe> = {}): ServiceProbe {
  return {
    service: 'RabbitMQ',
    envVariable: 'TEST_AMQP_URL',
    envUrl: undefined,
    localUrl: 'amqp://guest:guest@127.0.0.1:5672',
    reachable: true,
    ...overrides,
  };
}

describe('chooseInfrastructure', () => {
  it('uses the env URLs when they are set and reachable', () => {
    const decision = chooseInfrastructure({
      database: database({ envUrl: 'postgres://ci-db:5432/postgres' }),
      amqp: amqp({ envUrl: 'amqp://ci-mq:5672' }),
      docker: undefined,
    });
    expect(decision).toEqual({
      ok: true,
      database: { source: 'env', url: 'postgres://ci-db:5432/postgres' },
      amqp: { source: 'env', url: 'amqp://ci-mq:5672' },
    });
  });

  it('uses local services that answered when no env URL is set', () => {
    const decision = chooseInfrastructure({ database: database(), amqp: amqp(), docker: undefined });
    expect(decision).toEqual({
      ok: true,
      database: { source: 'local', url: 'postgres://postgres@127.0.0.1:5432/postgres' },
      amqp: { source: 'local', url: 'amqp://guest:guest@127.0.0.1:5672' },
    });
  });

  it('falls back to a container only for the service that is missing locally', () => {
    const decision = chooseInfrastructure({
      database: database(),
      amqp: amqp({ reachable: false, failure: 'ECONNREFUSED' }),
      docker: { reachable: true },
    });
    expect(decision).toMatchObject({ ok: true, database: { source: 'local' }, amqp: { source: 'container' } });
  });

  it('fails on an unreachable env URL without falling back, naming the variable and hiding the password', () => {
    const decision = chooseInfrastructure({
      database: database({ envUrl: 'postgres://app:s3cret@127.0.0.1:1/app', reachable: false, failure: 'ECONNREFUSED' }),
      amqp: amqp(),
      docker: { reachable: true },
    });
    expect(decision.ok).toBe(false);
    const message = decision.ok ? '' : decision.message;
    expect(message).toContain('TEST_DATABASE_URL is set to postgres://app:***@127.0.0.1:1/app');
    expect(message).toContain('ECONNREFUSED');
    expect(message).not.toContain('s3cret');
  });

  it('fails with one message naming all three ways when nothing is available', () => {
    const decision = chooseInfrastructure({
      database: database({ reachable: false, failure: 'ECONNREFUSED' }),
      amqp: amqp({ reachable: false, failure: 'ECONNREFUSED' }),
      docker: { reachable: false, failure: 'Could not find a working container runtime strategy' },
    });
    expect(decision.ok).toBe(false);
    const message = decision.ok ? '' : decision.message;
    expect(message).toContain('No PostgreSQL answered');
    expect(message).toContain('No RabbitMQ answered');
    expect(message).toContain('set TEST_DATABASE_URL / TEST_AMQP_URL');
    expect(message).toContain('run local services');
    expect(message).toContain('Docker engine');
    expect(message).toContain('Could not find a working container runtime strategy');
  });
});

describe('needsContainer', () => {
  it('is true only without an env URL and without a local answer', () => {
    expect(needsContainer(database({ reachable: false }))).toBe(true);
    expect(needsContainer(database())).toBe(false);
    expect(needsContainer(database({ envUrl: 'postgres://x/y', reachable: false }))).toBe(false);
  });
});

describe('redactPassword', () => {
  it('masks only the password', () => {
    expect(redactPassword('amqp://guest:guest@host:5672/vhost')).toBe('amqp://guest:***@host:5672/vhost');
    expect(redactPassword('postgres://postgres@host/db')).toBe('postgres://postgres@host/db');
    expect(redactPassword('not a url')).toBe('<unparseable URL>');
  });
});
