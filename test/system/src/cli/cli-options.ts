import { join, resolve } from 'node:path';

import type { StatusSchedule } from '@chatpilot/d360-sandbox';

export type Infra = 'embedded' | 'local';

export interface StartOptions {
  command: 'start' | 'reset' | 'help';
  infra: Infra;
  dataDir: string;
  /** Free ports picked by the OS instead of the documented defaults (for tests, or when 8080… are taken). */
  freePorts: boolean;
  statusSchedule: StatusSchedule;
  logLevel: string;
  databaseUrl: string;
  amqpUrl: string;
}

export const USAGE = `Usage: npm start [-- options]      run the system with the demo page
       npm run reset                 delete the embedded data (.data/)

Options:
  --infra embedded|local   embedded (default): one process, PGlite, in-memory event bus, nothing to install.
                           local: each service as its own process on PostgreSQL and RabbitMQ
                           (chosen automatically when DATABASE_URL or AMQP_URL is set).
  --data-dir <dir>         where embedded data and generated secrets live (default .data)
  --free-ports             let the OS pick free ports instead of 3000, 8080-8082, 9464, 4360, 50051-50052
  --status-schedule <s>    sandbox: milliseconds per channel status step, "immediate" or "manual" (default 800)
  --log-level <level>      trace, debug, info (default), warn, error
Environment (local mode): DATABASE_URL (a PostgreSQL server URL; one database per service is created),
  AMQP_URL (default amqp://guest:guest@127.0.0.1:5672).
`;

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

/** Reads the command line; throws with a message for the person who typed it. */
export function parseStartOptions(argv: readonly string[], env: NodeJS.ProcessEnv, root: string): StartOptions {
  const args = [...argv];
  const options: StartOptions = {
    command: 'start',
    infra: env.DATABASE_URL || env.AMQP_URL ? 'local' : 'embedded',
    dataDir: join(root, '.data'),
    freePorts: false,
    statusSchedule: { stepDelayMs: 800 },
    logLevel: 'info',
    databaseUrl: serverUrlOf('DATABASE_URL', env.DATABASE_URL || DEFAULT_DATABASE_URL, ['postgres:', 'postgresql:']),
    amqpUrl: serverUrlOf('AMQP_URL', env.AMQP_URL || DEFAULT_AMQP_URL, ['amqp:', 'amqps:']),
  };
  for (let arg = args.shift(); arg !== undefined; arg = args.shift()) {
    const value = () => {
      const next = args.shift();
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === 'reset' || arg === 'start') options.command = arg;
    else if (arg === '--help' || arg === '-h') options.command = 'help';
    else if (arg === '--infra') options.infra = infraOf(value());
    else if (arg === '--data-dir') options.dataDir = resolve(value());
    else if (arg === '--free-ports') options.freePorts = true;
    else if (arg === '--status-schedule') options.statusSchedule = scheduleOf(value());
    else if (arg === '--log-level') options.logLevel = value();
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

/** The URL as given, once it parses with one of `protocols`; the message never repeats it (it may hold a password). */
function serverUrlOf(variable: string, text: string, protocols: readonly string[]): string {
  let protocol: string;
  try {
    protocol = new URL(text).protocol;
  } catch {
    throw new Error(`${variable} is not a URL; expected ${protocols.map((scheme) => `${scheme}//…`).join(' or ')}`);
  }
  if (!protocols.includes(protocol)) throw new Error(`${variable} must start with ${protocols.map((scheme) => `${scheme}//`).join(' or ')}, not ${protocol}//`);
  return text;
}

function infraOf(text: string): Infra {
  if (text === 'embedded' || text === 'local') return text;
  throw new Error(`--infra must be embedded or local, not ${text}`);
}

export function scheduleOf(text: string): StatusSchedule {
  if (text === 'immediate' || text === 'manual') return text;
  const stepDelayMs = Number(text);
  if (!Number.isInteger(stepDelayMs) || stepDelayMs < 0) throw new Error(`--status-schedule must be immediate, manual or milliseconds, not ${text}`);
  return { stepDelayMs };
}
