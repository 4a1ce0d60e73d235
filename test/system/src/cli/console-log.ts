import { createLogger, type Logger } from '@chatpilot/logger';

// Our loggers write level names; plain pino (the sandbox's own main) writes numbers.
const LEVEL_TAGS: Record<string, string> = {
  trace: 'trace',
  debug: 'debug',
  info: '',
  warn: 'WARN ',
  error: 'ERROR',
  fatal: 'FATAL',
  10: 'trace',
  20: 'debug',
  30: '',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};
/** Fields every line has, or that are shown elsewhere on the line. */
const SHOWN_ELSEWHERE = new Set(['level', 'time', 'service', 'name', 'msg', 'pid', 'hostname', 'component', 'err', 'req', 'res', 'responseTime', 'correlation_id', 'request_id']);
const MAX_FIELDS_LENGTH = 160;

/** One pino JSON line as a person reads it: `12:04:05 onboarding  http server listening port=8080`. */
export function formatLogLine(line: string, fallbackSource: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `${clock(new Date())} ${fallbackSource.padEnd(16)} ${line}`;
  }
  const source = String(record.service ?? record.name ?? fallbackSource) + (record.component ? `/${String(record.component)}` : '');
  const level = LEVEL_TAGS[String(record.level)] ?? String(record.level);
  const request = describeRequest(record);
  const error = describeError(record.err);
  const fields = Object.entries(record)
    .filter(([key]) => !SHOWN_ELSEWHERE.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ')
    .slice(0, MAX_FIELDS_LENGTH);
  const time = typeof record.time === 'string' || typeof record.time === 'number' ? new Date(record.time) : new Date();
  return [clock(time), source.padEnd(16), level, String(record.msg ?? ''), request, fields, error].filter((part) => part !== '').join(' ');
}

/** A logger per component whose lines go to stdout in the format above. */
export function consoleLoggerFactory(level: string): (component: string) => Logger {
  return (component) =>
    createLogger({
      service: component,
      level,
      destination: { write: (line: string) => void process.stdout.write(`${formatLogLine(line.trimEnd(), component)}\n`) },
    });
}

function clock(time: Date): string {
  return time.toTimeString().slice(0, 8);
}

function describeRequest(record: Record<string, unknown>): string {
  const req = record.req as { method?: string; url?: string } | undefined;
  const res = record.res as { statusCode?: number } | undefined;
  if (!req?.method) return '';
  return `${req.method} ${req.url ?? ''}${res?.statusCode ? ` → ${res.statusCode}` : ''}`;
}

function describeError(err: unknown): string {
  if (err === undefined || err === null) return '';
  const { message, type } = err as { message?: string; type?: string };
  return `(${type ?? 'error'}: ${message ?? JSON.stringify(err)})`;
}

const LAST_LINES_MARKER = '\n--- last lines ---\n';

/**
 * A start-up failure as a person reads it: the last log lines of the process that did not start
 * (raw pino JSON in the error, stacks included, for tests) formatted like the console, their
 * stacks left out, and a line repeated in a row (a readiness check failing every poll) shown once
 * with its count. Lines that are not JSON stay as they are.
 */
export function readableFailure(message: string): string {
  const at = message.indexOf(LAST_LINES_MARKER);
  if (at < 0) return message;
  const lines = message.slice(at + LAST_LINES_MARKER.length).split('\n').filter((line) => line.trim() !== '');
  const readable: { text: string; times: number }[] = [];
  for (const line of lines) {
    const text = line.startsWith('{') ? formatLogLine(line, 'process').slice(CLOCK_LENGTH + 1) : line;
    const previous = readable.at(-1);
    if (previous?.text === text) previous.times += 1;
    else readable.push({ text, times: 1 });
  }
  const shown = readable.map(({ text, times }) => (times > 1 ? `${text} (${times} times)` : text));
  return `${message.slice(0, at)}${LAST_LINES_MARKER}${shown.join('\n')}`;
}

const CLOCK_LENGTH = 'hh:mm:ss'.length;
