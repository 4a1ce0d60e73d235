import { parseArgs } from 'node:util';

import type { DeadLetter, DeadLetterStore } from '../transport/message-transport';
import { deadLetterQueueName } from '../transport/topology-names';

export type DlqCommand =
  | { action: 'list'; service: string; limit: number; json: boolean }
  | { action: 'replay'; service: string; messageId: string }
  | { action: 'replay-all'; service: string };

export const DLQ_USAGE = 'usage: npm run dlq -- --service <name> [--replay <event id> | --replay-all] [--limit <n>] [--json]';

/** Reads the command line; throws with the usage text when it does not make sense. */
export function parseDlqArguments(argv: readonly string[]): DlqCommand {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      service: { type: 'string' },
      replay: { type: 'string' },
      'replay-all': { type: 'boolean', default: false },
      limit: { type: 'string', default: '100' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const service = values.service?.trim();
  if (!service) throw new Error(`--service is required\n${DLQ_USAGE}`);
  if (values.replay !== undefined && values['replay-all']) throw new Error(`--replay and --replay-all exclude each other\n${DLQ_USAGE}`);
  if (values.replay !== undefined) return { action: 'replay', service, messageId: values.replay };
  if (values['replay-all']) return { action: 'replay-all', service };
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit must be a positive integer\n${DLQ_USAGE}`);
  return { action: 'list', service, limit, json: values.json };
}

/** Runs the command and returns what to print; exit code 1 when a replay found nothing. */
export async function runDlqCommand(command: DlqCommand, store: DeadLetterStore): Promise<{ output: string; exitCode: number }> {
  const queue = deadLetterQueueName(command.service);
  if (command.action === 'replay') {
    const found = await store.replay(command.service, command.messageId);
    return found
      ? { output: `replayed ${command.messageId} from ${queue}`, exitCode: 0 }
      : { output: `no dead letter with id ${command.messageId} in ${queue}`, exitCode: 1 };
  }
  if (command.action === 'replay-all') {
    const count = await store.replayAll(command.service);
    return { output: `replayed ${count} dead letter(s) from ${queue}`, exitCode: 0 };
  }
  const letters = await store.list(command.service, { limit: command.limit });
  if (command.json) return { output: JSON.stringify(letters, null, 2), exitCode: 0 };
  return { output: [...letters.map(describe), `${letters.length} dead letter(s) listed from ${queue}`].join('\n'), exitCode: 0 };
}

function describe(letter: DeadLetter): string {
  return [
    letter.messageId ?? '(no id)',
    letter.type ?? '(no type)',
    letter.reason,
    `attempts=${letter.failedAttempts}`,
    `at=${letter.deadLetteredAt ?? '?'}`,
    `error=${letter.error ?? ''}`,
  ].join('  ');
}
