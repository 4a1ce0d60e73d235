import { waitFor } from '@chatpilot/testing';

export interface StartedSession {
  session_id: string;
  status: string;
  onboarding_url: string;
  expires_at: string;
}

export interface SessionChannel {
  channel_id: string;
  phone_number: string | null;
  status: string | null;
  key_provisioned: boolean;
  webhook_configured: boolean;
  history_sync: { phase: number; progress: number; chunks: number; messages: number } | null;
}

export interface Session {
  session_id: string;
  status: string;
  stage: { key: string; label: string; percent: number };
  client_id: string | null;
  channels: SessionChannel[];
  history_sync: { phase: number; progress: number; chunks: number; messages: number } | null;
  error: { code: string; message: string } | null;
  [timestamp: string]: unknown;
}

export interface CallbackAnswer {
  status: number;
  location: string | null;
}

/** onboarding's HTTP API as ChatPilot's backend (internal key + tenant) and the tenant's browser (the callback) use it. */
export interface OnboardingApi {
  start(tenantId: string, body?: Record<string, unknown>): Promise<StartedSession>;
  session(tenantId: string, sessionId: string): Promise<Session>;
  /** Polls the session until `until` holds (default: completed or failed). */
  waitForSession(tenantId: string, sessionId: string, options?: { until?: (session: Session) => boolean; description?: string; timeoutMs?: number }): Promise<Session>;
  /** The browser arriving from 360dialog: GET the redirect location without following onboarding's 303. */
  callback(location: string): Promise<CallbackAnswer>;
  metrics(): Promise<string>;
}

export const isFinished = (session: Session): boolean => session.status === 'completed' || session.status === 'failed';

export function createOnboardingApi(baseUrl: string, internalKey: string): OnboardingApi {
  const call = async (tenantId: string, path: string, init: RequestInit = {}): Promise<unknown> => {
    const headers = { 'x-internal-key': internalKey, 'x-tenant-id': tenantId, 'content-type': 'application/json' };
    const response = await fetch(`${baseUrl}${path}`, { ...init, headers });
    const body: unknown = await response.json();
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${JSON.stringify(body)}`);
    return body;
  };
  const session = async (tenantId: string, sessionId: string) => (await call(tenantId, `/onboarding/session/${sessionId}`)) as Session;
  return {
    start: async (tenantId, body = {}) => (await call(tenantId, '/onboarding/coexistence/start', { method: 'POST', body: JSON.stringify(body) })) as StartedSession,
    session,
    waitForSession: (tenantId, sessionId, options = {}) => {
      const until = options.until ?? isFinished;
      return waitFor(
        async () => {
          const current = await session(tenantId, sessionId);
          return until(current) ? current : undefined;
        },
        { description: options.description ?? `session ${sessionId} to finish`, timeoutMs: options.timeoutMs ?? 45_000, intervalMs: 100 },
      );
    },
    callback: async (location) => {
      const response = await fetch(location, { redirect: 'manual' });
      await response.body?.cancel();
      return { status: response.status, location: response.headers.get('location') };
    },
    metrics: async () => (await fetch(`${baseUrl}/metrics`)).text(),
  };
}
