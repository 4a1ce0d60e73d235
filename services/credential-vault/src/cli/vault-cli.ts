import { parseArgs } from 'node:util';
import { ConfigError, type Env } from '@chatpilot/config';
import { createLogger } from '@chatpilot/logger';
import { rotateChannelKey } from '../app/provision-channel-key';
import { rewrapChannelKeys } from '../app/rewrap-channel-keys';
import { loadAdminConfig } from '../config';
import { openAdminContext, type AdminContext } from './admin-context';

export interface CliIo {
  /** Defaults to the process environment. */
  env?: Env;
  out(line: string): void;
  err(line: string): void;
}

const USAGE = `usage: npm run vault -- <command>
  rewrap [--batch-size 100] [--pause-ms 0] [--max-batches N]   move every key onto the current encryption key
  rotate-channel-key <channel_id>                              replace the channel's active key with a new 360dialog key
  audit --channel <channel_id> [--limit 50]                    print the channel's audit log, newest first (JSON lines)`;

/** `npm run vault -- …`: the operator's commands. Resolves with the exit code. */
export async function runVaultCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  const run = command === undefined ? undefined : COMMANDS[command];
  if (run === undefined) {
    io.err(USAGE);
    return command === undefined || command === 'help' ? 0 : 2;
  }
  let admin: AdminContext | undefined;
  try {
    const config = loadAdminConfig(io.env);
    const logger = createLogger({ service: 'credential-vault-admin', level: config.logLevel, destination: { write: (line: string) => io.err(line.trimEnd()) } });
    admin = await openAdminContext(config, logger);
    await run(admin, rest, io);
    return 0;
  } catch (error) {
    io.err(error instanceof ConfigError || error instanceof UsageError ? error.message : `${command} failed: ${describe(error)}`);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    await admin?.close();
  }
}

type Command = (admin: AdminContext, args: string[], io: CliIo) => Promise<void>;

const COMMANDS: Record<string, Command> = {
  rewrap: async ({ deps, context }, args, io) => {
    const { values } = parse(args, { 'batch-size': { type: 'string' }, 'pause-ms': { type: 'string' }, 'max-batches': { type: 'string' } });
    const options = {
      batchSize: wholeNumber(values['batch-size'], 'batch-size', 1) ?? 100,
      pauseMs: wholeNumber(values['pause-ms'], 'pause-ms', 0) ?? 0,
      ...(values['max-batches'] === undefined ? {} : { maxBatches: wholeNumber(values['max-batches'], 'max-batches', 1)! }),
    };
    io.out(`rewrapping onto encryption key ${deps.keyring.currentKeyId} in batches of ${options.batchSize}`);
    const result = await rewrapChannelKeys(deps, context, { ...options, onBatch: (p) => io.out(`batch ${p.batches}: ${p.rewrapped} keys rewrapped so far`) });
    io.out(JSON.stringify(result));
    const movable = result.remaining - result.skipped.length;
    if (movable > 0) io.out(`${movable} keys are still on older encryption keys; run rewrap again to continue`);
    if (result.skipped.length > 0) {
      const channels = result.skipped.map(({ channelId, code }) => `${channelId} (${code})`).join(', ');
      throw new Error(`${result.skipped.length} keys could not be decrypted and stay on their old encryption key: ${channels}`);
    }
  },
  'rotate-channel-key': async (admin, args, io) => {
    const { positionals } = parse(args, {}, true);
    if (positionals.length !== 1) throw new UsageError('rotate-channel-key takes exactly one channel id');
    const result = await rotateChannelKey(admin.deps, admin.context, positionals[0]!);
    const { key } = result;
    io.out(JSON.stringify({ channel_id: key.channelId, tenant_id: key.tenantId, generation: key.generation, api_key_last4: key.apiKeyLast4, webhook_url: key.webhookUrl }));
  },
  audit: async ({ deps }, args, io) => {
    const { values } = parse(args, { channel: { type: 'string' }, limit: { type: 'string' } });
    if (!values.channel) throw new UsageError('audit needs --channel <channel_id>');
    const entries = await deps.store.listAudit({ channelId: values.channel, limit: wholeNumber(values.limit, 'limit', 1) ?? 50 });
    for (const entry of entries) io.out(JSON.stringify({ ...entry, occurredAt: entry.occurredAt.toISOString() }));
  },
};

class UsageError extends Error {}

function parse<T extends Record<string, { type: 'string' }>>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(`${describe(error)}\n${USAGE}`);
  }
}

function wholeNumber(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min) throw new UsageError(`--${name} must be a whole number of at least ${min}`);
  return number;
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && !message.startsWith(code) ? `${code}: ${message}` : message;
}

if (require.main === module) {
  void runVaultCli(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) }).then((code) => {
    process.exitCode = code;
  });
}
