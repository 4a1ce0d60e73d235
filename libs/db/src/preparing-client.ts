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
    const run = super.query as (...forwardedArgs: unknown[]) => never;
    const name = typeof text === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined ? this.statementName(text) : undefined;
    if (name === undefined) return run.apply(this, args);
    const result = run.call(this, { name, text, values }) as Promise<unknown>;
    result.catch((error: unknown) => {
      if (!isServerError(error)) this.forgetWhenAnswered(name);
    });
    return result as never;
  }

  /**
   * A value pg could not serialize fails the query before it reaches the server, and pg then asks
   * the server to drop the statement, yet records it as prepared when the server confirms the
   * parse: every later run of the text on this connection would fail. Forgotten before pg sends
   * the next query, it is prepared again.
   */
  private forgetWhenAnswered(name: string): void {
    const { connection } = this as unknown as { connection: PgConnection };
    connection.prependOnceListener('readyForQuery', () => {
      delete connection.parsedStatements[name];
      this.prepared.delete(name);
    });
  }

  private statementName(text: string): string | undefined {
    const name = statementNameFor(text);
    if (this.prepared.has(name)) return name;
    if (this.prepared.size >= MAX_PREPARED_PER_CONNECTION) return undefined;
    this.prepared.add(name);
    return name;
  }
}

/** pg's connection: the statements it believes the server has prepared. */
interface PgConnection {
  parsedStatements: Record<string, string>;
  prependOnceListener(event: 'readyForQuery', listener: () => void): unknown;
}

/** The server answered with an error (it has a SQLSTATE): what it prepared, it keeps. */
function isServerError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' && 'severity' in error;
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
