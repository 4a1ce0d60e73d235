export type Surface = 'permission_page' | 'partner_api' | 'messaging_api';

export interface ReceivedRequest {
  seq: number;
  at: string;
  surface: Surface;
  method: string;
  /** Path as received, including the surface prefix (e.g. `/messaging/messages`). */
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body: unknown;
  /** The status answered; absent while in flight or when the connection was reset. */
  status?: number;
  /** The fault kind that hit this request, if any. */
  fault?: string;
}

export interface RequestFilter {
  surface?: Surface;
  method?: string;
  pathPrefix?: string;
}

/** Every request the 360dialog surfaces received, for tests to assert what a client really sent. */
export class RequestLog {
  private entries: ReceivedRequest[] = [];
  private seq = 0;

  record(entry: Omit<ReceivedRequest, 'seq' | 'at'>): ReceivedRequest {
    const saved = { ...entry, seq: ++this.seq, at: new Date().toISOString() };
    this.entries.push(saved);
    return saved;
  }

  list(filter: RequestFilter = {}): ReceivedRequest[] {
    return this.entries.filter(
      (e) =>
        (filter.surface === undefined || e.surface === filter.surface) &&
        (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
        (filter.pathPrefix === undefined || e.path.startsWith(filter.pathPrefix)),
    );
  }

  clear(): void {
    this.entries = [];
  }
}
