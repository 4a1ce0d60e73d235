import type { CallbackGrant } from './session';
import { isWellFormedStateToken } from './state-token';

export type CallbackQuery =
  | { ok: true; state: string; grant: CallbackGrant }
  | { ok: false; code: 'STATE_MISSING' | 'STATE_INVALID' | 'CALLBACK_INVALID' };

/**
 * 360dialog client and channel ids are short base62 strings; anything else is refused here, before
 * the state is used. Every id accepted is one channel-registry accepts too (EXTERNAL_ID_PATTERN):
 * an id it refused later would leave the session without a way forward.
 */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const MAX_IDS = 50;

/** A parameter present more than once keeps every value; `undefined` marks one that did not decode. */
type Params = Map<string, (string | undefined)[]>;
type Read<T> = { ok: true; value: T } | { ok: false };

/**
 * Reads the 360dialog redirect (DESIGN.md §1 step 4) from the raw request URL:
 * `?state=…&client=<id>&channels=[<id>,<id>]&revoked=[<id>]`. Lenient where 360dialog is
 * known to be sloppy — a second `?` (`…callback?state=X?client=…`), percent-encoded or quoted
 * ids, the state only inside an echoed `redirect_url` — and strict about everything it keeps.
 */
export function parseCallbackQuery(rawUrl: string): CallbackQuery {
  const params = readParams(queryOf(rawUrl));
  const state = readState(params);
  if (state === undefined) return { ok: false, code: 'STATE_MISSING' };
  if (!state.ok) return { ok: false, code: 'STATE_INVALID' };

  const client = readSingle(params, 'client');
  const channels = readIdList(params, 'channels');
  const revoked = readIdList(params, 'revoked');
  if (!client.ok || !channels.ok || !revoked.ok) return { ok: false, code: 'CALLBACK_INVALID' };
  const grant: CallbackGrant = { clientId: client.value ?? null, channelIds: channels.value, revokedChannelIds: revoked.value };
  return isConsistent(grant) ? { ok: true, state: state.value, grant } : { ok: false, code: 'CALLBACK_INVALID' };
}

function isConsistent(grant: CallbackGrant): boolean {
  if (grant.clientId !== null && !ID_PATTERN.test(grant.clientId)) return false;
  if (grant.channelIds.length + grant.revokedChannelIds.length > MAX_IDS) return false;
  if (grant.channelIds.some((id) => grant.revokedChannelIds.includes(id))) return false;
  const needsClient = grant.channelIds.length > 0 || grant.revokedChannelIds.length > 0;
  return !needsClient || grant.clientId !== null;
}

/** Everything after the first `?`, without a fragment. */
function queryOf(rawUrl: string): string {
  const withoutFragment = rawUrl.split('#', 1)[0] ?? '';
  const queryStart = withoutFragment.indexOf('?');
  return queryStart === -1 ? '' : withoutFragment.slice(queryStart + 1);
}

function readParams(query: string): Params {
  const params: Params = new Map();
  // A literal `?` never belongs to a value (it would be %3F), so each one starts a parameter.
  for (const part of query.replaceAll('?', '&').split('&')) {
    if (part === '') continue;
    const separator = part.indexOf('=');
    const key = decode(separator === -1 ? part : part.slice(0, separator));
    if (key === undefined) continue;
    const values = params.get(key) ?? [];
    values.push(decode(separator === -1 ? '' : part.slice(separator + 1)));
    params.set(key, values);
  }
  return params;
}

function decode(component: string): string | undefined {
  try {
    return decodeURIComponent(component.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}

/** undefined: no state anywhere; otherwise the one well-formed token, or not ok. */
function readState(params: Params): Read<string> | undefined {
  const direct = readSingle(params, 'state');
  if (!direct.ok) return { ok: false };
  const state = direct.value ?? stateInsideRedirectUrl(params);
  if (state === undefined) return undefined;
  return isWellFormedStateToken(state) ? { ok: true, value: state } : { ok: false };
}

/** 360dialog may echo our `redirect_url` (which carries the state) instead of the state itself. */
function stateInsideRedirectUrl(params: Params): string | undefined {
  const redirectUrl = readSingle(params, 'redirect_url');
  if (!redirectUrl.ok || redirectUrl.value === undefined) return undefined;
  const inner = readSingle(readParams(queryOf(redirectUrl.value)), 'state');
  return inner.ok ? inner.value : undefined;
}

/** The parameter's value when every occurrence agrees; absent → ok with undefined. */
function readSingle(params: Params, key: string): Read<string | undefined> {
  const values = params.get(key);
  if (values === undefined) return { ok: true, value: undefined };
  const distinct = new Set(values);
  const [only] = distinct;
  if (distinct.size !== 1 || only === undefined) return { ok: false };
  return { ok: true, value: only };
}

/** `[a,b]` — literal or encoded brackets, optional quotes and spaces; absent → []. */
function readIdList(params: Params, key: string): Read<string[]> {
  const raw = readSingle(params, key);
  if (!raw.ok) return { ok: false };
  if (raw.value === undefined) return { ok: true, value: [] };
  const inner = raw.value.trim().replace(/^\[/, '').replace(/\]$/, '').trim();
  if (inner === '') return { ok: true, value: [] };
  const ids = inner.split(',').map((id) => id.trim().replace(/^(["'])(.*)\1$/, '$2'));
  if (ids.length > MAX_IDS || !ids.every((id) => ID_PATTERN.test(id))) return { ok: false };
  return { ok: true, value: [...new Set(ids)] };
}
