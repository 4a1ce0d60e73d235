import type { Readable } from 'node:stream';

import type { ProcessName } from '../system-env';

export type LogStream = 'stdout' | 'stderr';
/** Receives every line a process writes, without its newline. */
export type LogSink = (process: ProcessName, line: string, stream: LogStream) => void;

/** Writes each line as `[name] line` to the launcher's own stdout/stderr. */
export const prefixedConsoleSink: LogSink = (name, line, stream) => {
  (stream === 'stderr' ? process.stderr : process.stdout).write(`[${name}] ${line}\n`);
};

/** Calls `onLine` for each complete line of `source`, and for a last unterminated one at its end. */
export function forEachLine(source: Readable, onLine: (line: string) => void): void {
  let pending = '';
  source.setEncoding('utf8');
  source.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  source.on('end', () => {
    if (pending !== '') onLine(pending);
    pending = '';
  });
}

/** The last `capacity` lines, for error messages about a process that died. */
export function createLogTail(capacity: number): { push(line: string): void; lines(): string[] } {
  const kept: string[] = [];
  return {
    push: (line) => {
      kept.push(line);
      if (kept.length > capacity) kept.shift();
    },
    lines: () => [...kept],
  };
}
