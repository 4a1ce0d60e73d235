import { formatLogLine, readableFailure } from './console-log';

describe('formatLogLine', () => {
  const time = '2026-01-02T10:11:12.000Z';
  const clock = new Date(time).toTimeString().slice(0, 8);

  it('turns a pino line into time, source, message and the remaining fields', () => {
    const line = JSON.stringify({ level: 'info', time, service: 'onboarding', msg: 'callback accepted', session_id: 's-1', channels: 2 });
    expect(formatLogLine(line, 'fallback')).toBe(`${clock} onboarding       callback accepted session_id=s-1 channels=2`);
  });

  it('marks warnings, names the component and the request, and adds the error', () => {
    const line = JSON.stringify({
      level: 'warn',
      time,
      service: 'demo',
      component: 'proxy',
      msg: 'request failed',
      req: { method: 'GET', url: '/x' },
      res: { statusCode: 502 },
      err: { type: 'TypeError', message: 'fetch failed' },
    });
    expect(formatLogLine(line, 'fallback')).toBe(`${clock} demo/proxy       WARN  request failed GET /x → 502 (TypeError: fetch failed)`);
  });

  it('reads plain pino lines too: numeric levels, epoch times and `name`', () => {
    const line = JSON.stringify({ level: 40, time: Date.parse(time), name: 'd360-sandbox', pid: 30, msg: 'sandbox stopping', signal: 'SIGTERM' });
    expect(formatLogLine(line, 'fallback')).toBe(`${clock} d360-sandbox     WARN  sandbox stopping signal=SIGTERM`);
  });

  it('passes a line that is not JSON through under the given source', () => {
    expect(formatLogLine('plain text', 'd360-sandbox')).toMatch(/^\d\d:\d\d:\d\d d360-sandbox {5}plain text$/);
  });
});

describe('readableFailure', () => {
  it('formats the last lines of a process that did not start without stacks, one line per run of repeats', () => {
    const fatal = JSON.stringify({ level: 'fatal', time: 0, service: 'webhook-ingest', msg: 'failed to start', err: { type: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:5999', stack: 'Error: connect ECONNREFUSED\n    at TCPConnectWrap.afterConnect' } });
    const notReady = JSON.stringify({ level: 'warn', time: 0, service: 'channel-registry', msg: 'readiness check failed', check: 'rabbitmq' });
    const message = `webhook-ingest did not start: exited (code 1) before it was ready\n--- last lines ---\n${notReady}\n${notReady}\n${notReady}\n${fatal}\nThe services used PostgreSQL at …`;

    expect(readableFailure(message)).toBe(
      [
        'webhook-ingest did not start: exited (code 1) before it was ready',
        '--- last lines ---',
        'channel-registry WARN  readiness check failed check=rabbitmq (3 times)',
        'webhook-ingest   FATAL failed to start (Error: connect ECONNREFUSED 127.0.0.1:5999)',
        'The services used PostgreSQL at …',
      ].join('\n'),
    );
  });

  it('leaves a message without log lines alone', () => {
    expect(readableFailure('listen EADDRINUSE: address already in use 127.0.0.1:4360')).toBe('listen EADDRINUSE: address already in use 127.0.0.1:4360');
  });
});
