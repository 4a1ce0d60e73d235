import { createHash } from 'node:crypto';

import { Client } from 'pg';

/**
 * Distinct statements one connection keeps prepared. Queries whose text varies with their
 * arguments (an IN list, a multi-row insert) make one statement per shape; past this many a
 * connection sends new shapes unnamed, as pg does by default, rather than grow without bound.
 */
export const MAX_PREPARED_PER_CONNECTION = 500;

/**
 * A pg Client that prepares every parameterised statement once per connection and reuses it:
 * PostgreSQL then skips parsing and analysing the text on each execution, and after a few runs
 * plans it once too (`plan_cache_mode = auto`). Unnamed statements, pg's default, cost a parse,
 * an analysis and a plan every time — a third of the database's CPU under the onboarding load.
 *
 * Statements without parameters (BEGIN, COMMIT, migrations, several statements in one text) keep
 * the simple protocol. A statement's name is a hash of its text, so every connection agrees.
 * Not for a pooler in transaction mode (PgBouncer): prepared statements belong to a server
 * session, and such a pooler hands the next transaction another one.
 */
class StatementPreparingClient extends Client {
  private readonly prepared = new Set<string>();

  override query(...args: unknown[]): never {
    const [text, values, callback] = args;
    const name = typeof text === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined ? this.statementName(text) : undefined;
    const forwarded = name === undefined ? args : [{ name, text, values }];
    return (super.query as (...forwardedArgs: unknown[]) => never)(...forwarded);
  }

  private statementName(text: string): string | undefined {
    const name = statementNameFor(text);
    if (this.prepared.has(name)) return name;
    if (this.prepared.size >= MAX_PREPARED_PER_CONNECTION) return undefined;
    this.prepared.add(name);
    return name;
  }
}

/** Typed as pg's own Client: its query overloads stay what callers see. */
export const PreparingClient: typeof Client = StatementPreparingClient;

const namesByText = new Map<string, string>();
const MAX_REMEMBERED_NAMES = 4 * MAX_PREPARED_PER_CONNECTION;

/** `s_` and 24 characters of the text's SHA-256: the same on every connection and every replica. */
export function statementNameFor(text: string): string {
  const known = namesByText.get(text);
  if (known !== undefined) return known;
  const name = `s_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
  if (namesByText.size < MAX_REMEMBERED_NAMES) namesByText.set(text, name);
  return name;
}
