/** The `filters` / `limit` / `offset` / `sort` query of 360dialog's Partner API list endpoints. */
export interface ListQuery {
  /** Dot-path keys (`setup_info.phone_number`) compared for equality. */
  filters: Record<string, unknown>;
  limit: number;
  offset: number;
  /** Field paths, `-` prefix for descending. */
  sort: string[];
}

export interface RawListQuery {
  filters?: unknown;
  limit?: unknown;
  offset?: unknown;
  sort?: unknown;
}

export const DEFAULT_LIST_LIMIT = 1000;
const DEFAULT_SORT = ['-created_at'];

export type ParsedListQuery = { ok: true; query: ListQuery } | { ok: false; message: string };

export function parseListQuery(raw: RawListQuery): ParsedListQuery {
  const filters = parseFilters(raw.filters);
  if (filters === undefined) return { ok: false, message: 'filters must be a JSON object' };
  const limit = parseCount(raw.limit, DEFAULT_LIST_LIMIT);
  const offset = parseCount(raw.offset, 0);
  if (limit === undefined || limit < 1) return { ok: false, message: 'limit must be a positive integer' };
  if (offset === undefined) return { ok: false, message: 'offset must be a non-negative integer' };
  const sort = typeof raw.sort === 'string' && raw.sort.trim() !== '' ? raw.sort.split(',').map((s) => s.trim()) : DEFAULT_SORT;
  return { ok: true, query: { filters, limit, offset, sort } };
}

export function applyListQuery<T extends object>(items: readonly T[], query: ListQuery): { page: T[]; total: number } {
  const matching = items.filter((item) =>
    Object.entries(query.filters).every(([path, wanted]) => sameValue(valueAt(item, path), wanted)),
  );
  const sorted = [...matching].sort((a, b) => compareBy(a, b, query.sort));
  return { page: sorted.slice(query.offset, query.offset + query.limit), total: matching.length };
}

function parseFilters(raw: unknown): Record<string, unknown> | undefined {
  if (raw === undefined || raw === '') return {};
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function parseCount(raw: unknown, fallback: number): number | undefined {
  if (raw === undefined || raw === '') return fallback;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

function valueAt(item: object, path: string): unknown {
  let current: unknown = item;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function sameValue(actual: unknown, wanted: unknown): boolean {
  if (actual === undefined) return false;
  return actual === wanted || (actual !== null && wanted !== null && String(actual) === String(wanted));
}

function compareBy(a: object, b: object, sort: readonly string[]): number {
  for (const field of sort) {
    const descending = field.startsWith('-');
    const path = descending ? field.slice(1) : field;
    const left = String(valueAt(a, path) ?? '');
    const right = String(valueAt(b, path) ?? '');
    if (left !== right) return (left < right ? -1 : 1) * (descending ? -1 : 1);
  }
  return 0;
}
