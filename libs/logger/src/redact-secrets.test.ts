import { CENSOR, redactSecretsInText, redactSecrets } from './index';

describe('redactSecrets', () => {
  it('censors secret keys at any depth and in any case without touching the input', () => {
    const input = { a: { b: { c: { Password: 'p', name: 'n' } } }, Authorization: 'Bearer x', list: [{ secret: 's' }] };
    const output = redactSecrets(input);
    expect(output).toEqual({ a: { b: { c: { Password: CENSOR, name: 'n' } } }, Authorization: CENSOR, list: [{ secret: CENSOR }] });
    expect(input.a.b.c.Password).toBe('p');
  });

  it('survives cycles and bounds depth', () => {
    const cyclic: Record<string, unknown> = { name: 'root' };
    cyclic.self = cyclic;
    expect(redactSecrets(cyclic)).toEqual({ name: 'root', self: '[Circular]' });

    let deep: Record<string, unknown> = { token: 'deep-secret' };
    for (let level = 0; level < 50; level += 1) deep = { next: deep };
    expect(JSON.stringify(redactSecrets(deep))).not.toContain('deep-secret');
  });

  it('keeps shared (non-cyclic) references', () => {
    const shared = { id: 1 };
    expect(redactSecrets({ first: shared, second: shared })).toEqual({ first: { id: 1 }, second: { id: 1 } });
  });

  it('serializes errors with their properties censored', () => {
    const error = Object.assign(new TypeError('bad'), { token: 't', code: 'E_BAD' });
    expect(redactSecrets(error)).toMatchObject({ type: 'TypeError', message: 'bad', token: CENSOR, code: 'E_BAD', stack: expect.any(String) });
  });

  it("logs a failed query's SQL but only the count of its bound values", () => {
    const failed = Object.assign(new Error('duplicate key value violates unique constraint'), {
      query: 'INSERT INTO onboarding_webhook_events (payload) VALUES ($1), ($2)',
      parameters: ['{"messages":[{"text":"my card number is 4111"}]}', '+4915112345678'],
    });

    const logged = JSON.stringify(redactSecrets(failed));

    expect(logged).toContain('INSERT INTO onboarding_webhook_events');
    expect(logged).toContain('[2 bound parameter(s) omitted]');
    expect(logged).not.toContain('4111');
    expect(logged).not.toContain('+4915112345678');
  });

  it("keeps a database error's code and constraint but not its where and detail, which quote values", () => {
    const driverError = Object.assign(new Error('invalid input syntax for type json'), {
      severity: 'ERROR',
      code: '22P02',
      where: 'JSON data, line 1: ...{"password":"hunter2-SECRET","text":"x\\u0000...',
      detail: 'Key (dedupe_key)=(+4915112345678) already exists.',
      constraint: 'UQ_dedupe_key',
    });
    const failed = Object.assign(new Error(driverError.message), { query: 'INSERT INTO t (payload) VALUES ($1)', parameters: ['{}'], driverError, where: driverError.where, detail: driverError.detail });

    const logged = redactSecrets(failed) as Record<string, unknown>;
    const text = JSON.stringify(logged);

    expect(text).not.toContain('hunter2-SECRET');
    expect(text).not.toContain('+4915112345678');
    expect(logged).toMatchObject({ where: '[omitted: may quote stored values]', driverError: { code: '22P02', constraint: 'UQ_dedupe_key', detail: '[omitted: may quote stored values]' } });
  });

  it('leaves buffers and dates alone', () => {
    const buffer = Buffer.from('abc');
    const date = new Date(0);
    expect(redactSecrets({ buffer, date })).toEqual({ buffer, date });
  });
});

describe('redactSecretsInText', () => {
  it.each([
    ['/cb?state=abc', '/cb?state=[REDACTED]'],
    ['/cb?client=1&state=abc&channels=[x,y]', '/cb?client=1&state=[REDACTED]&channels=[x,y]'],
    ['/cb?state=abc?client=1', '/cb?state=[REDACTED]?client=1'],
    ['https://h/p?API_KEY=k#top', 'https://h/p?API_KEY=[REDACTED]#top'],
    ['/plain/path', '/plain/path'],
    ['/cb?statement=ok', '/cb?statement=ok'],
    ['retry with token=abc, state=xyz', 'retry with token=[REDACTED] state=[REDACTED]'],
    ['mystate=ok', 'mystate=ok'],
    ['connect to postgres://app:hunter2@db:5432/app failed', 'connect to postgres://app:[REDACTED]@db:5432/app failed'],
    ['amqp://:pw@host and mailto:someone@example.test', 'amqp://:[REDACTED]@host and mailto:someone@example.test'],
    ['https://user@host/path', 'https://user@host/path'],
    ['/cb?%73tate=zw888SPi&client=bad%20id', '/cb?%73tate=[REDACTED]&client=bad%20id'],
    ['/cb?st%61te=abc', '/cb?st%61te=[REDACTED]'],
    ['/cb?%zz=1&state=x', '/cb?%zz=1&state=[REDACTED]'],
    ['/cb?st%61tement=ok', '/cb?st%61tement=ok'],
    ['{"password":"hunter2","text":"x"}', '{"password":"[REDACTED]","text":"x"}'],
    ['{"Token": "a\\"b", "ok":"1"}', '{"Token": "[REDACTED]", "ok":"1"}'],
    ['line 1: ...{\\"password\\":\\"hunter2\\",\\"text\\":\\"x', 'line 1: ...{\\"password\\":\\"[REDACTED]\\",\\"text\\":\\"x'],
    ['{"statement":"ok"}', '{"statement":"ok"}'],
    [String.raw`{"body":"{\"password\":\"a\\\"hunter2\",\"x\":1}"}`, String.raw`{"body":"{\"password\":\"[REDACTED]\",\"x\":1}"}`],
    [String.raw`{\"token\":\"ab\\\\\",\"ok\":\"visible\"}`, String.raw`{\"token\":\"[REDACTED]\",\"ok\":\"visible\"}`],
  ])('%s → %s', (input, expected) => {
    expect(redactSecretsInText(input)).toBe(expected);
  });
});

describe('redactSecretsInText with percent-encoded query strings', () => {
  it('reads a long run of escapes without an = in linear time, not quadratic', () => {
    // A complexity guard, not a speed test: linear takes about a millisecond here, while the
    // pattern that backtracked quadratically took some 14 s, so the bound has a 1000x margin.
    const url = `/cb?a=b&${'%41'.repeat(70_000)}`;
    const startedAt = performance.now();
    expect(redactSecretsInText(url)).toBe(url);
    expect(performance.now() - startedAt).toBeLessThan(1_000);
  });

  it('censors a state nested inside an encoded redirect_url', () => {
    const url = '/onboarding/360/callback?redirect_url=https%3A%2F%2Fapp.test%2Fcb%3Fstate%3DsEcReT-tok_en%26x%3D1&client=c1';
    const redacted = redactSecretsInText(url);
    expect(redacted).not.toContain('sEcReT-tok_en');
    expect(redacted).toContain('client=c1');
    expect(redacted).toContain('%26x%3D1');
  });
});
