import { parseArgs } from 'node:util';
import { ConfigError, type Env } from '@chatpilot/config';
import { createMessagingApiClient } from '@chatpilot/d360-client';
import { createLogger } from '@chatpilot/logger';
import { createVaultClient } from '@chatpilot/vault-client';
import { loadSendTestMessageConfig } from '../config';
import type { CliIo } from './vault-cli';

const USAGE = 'usage: npm run send-test-message -- --channel <channel_id> --to <msisdn> --text <text> [--tenant <tenant_id>]';

/**
 * What a messaging sender does, end to end: ask the vault for the channel's credentials (as
 * VAULT_TOKEN's caller), then send a text through the Messaging API at the key's address.
 * Prints the message id; never the key.
 */
export async function runSendTestMessage(argv: readonly string[], io: CliIo & { env?: Env }): Promise<number> {
  let args: { channel: string; to: string; text: string; tenant?: string };
  try {
    args = parseSendArgs(argv);
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  let config;
  try {
    config = loadSendTestMessageConfig(io.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(error.message);
    return 2;
  }
  const logger = createLogger({ service: 'send-test-message', level: config.logLevel, destination: { write: (line: string) => io.err(line.trimEnd()) } });
  const vault = createVaultClient({ address: config.vaultAddress, token: config.vaultToken, deadlineMs: config.vaultDeadlineMs, breaker: false });
  try {
    const credentials = await vault.getChannelCredentials(args.channel, args.tenant === undefined ? {} : { tenantId: args.tenant });
    const messaging = createMessagingApiClient({ logger });
    const sent = await messaging.sendMessage({ address: credentials.address, apiKey: credentials.apiKey, message: { to: args.to, type: 'text', text: { body: args.text } } });
    io.out(JSON.stringify({ message_ids: sent.messageIds, channel_id: credentials.channelId, address: credentials.address, key_generation: credentials.generation }));
    return 0;
  } catch (error) {
    const details = (error as { details?: unknown }).details;
    io.err(`send-test-message failed: ${typeof details === 'string' ? details : error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    vault.close();
  }
}

function parseSendArgs(argv: readonly string[]): { channel: string; to: string; text: string; tenant?: string } {
  const { values } = parseArgs({
    args: [...argv],
    options: { channel: { type: 'string' }, to: { type: 'string' }, text: { type: 'string' }, tenant: { type: 'string' } },
    strict: true,
  });
  const { channel, to, text, tenant } = values;
  if (!channel || !to || !text) throw new Error('--channel, --to and --text are required');
  return { channel, to, text, ...(tenant ? { tenant } : {}) };
}

if (require.main === module) {
  void runSendTestMessage(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) }).then((code) => {
    process.exitCode = code;
  });
}
