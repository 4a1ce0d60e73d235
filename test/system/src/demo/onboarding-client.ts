import { randomUUID } from 'node:crypto';

/** What the demo's "Connect WhatsApp" form may pre-fill on 360dialog's permission page. */
export interface ConnectRequest {
  phoneNumber?: string;
  businessName?: string;
}

export type StartOutcome = { ok: true; onboardingUrl: string } | { ok: false; code: string };

/**
 * The calls ChatPilot's backend-for-frontend makes to onboarding's internal API, holding the
 * internal key server-side so the browser never sees it.
 */
export interface OnboardingClient {
  start(tenantId: string, request: ConnectRequest): Promise<StartOutcome>;
  /** GET /onboarding/session/:id, answered as is (status and JSON body). */
  session(tenantId: string, sessionId: string, signal: AbortSignal): Promise<Response>;
  /** GET /onboarding/session/:id/events, the Server-Sent Events stream, answered as is. */
  sessionEvents(tenantId: string, sessionId: string, signal: AbortSignal): Promise<Response>;
}

const START_TIMEOUT_MS = 15_000;

export function createOnboardingClient(options: { baseUrl: string; internalApiKey: string }): OnboardingClient {
  const headersFor = (tenantId: string): Record<string, string> => ({ 'x-internal-key': options.internalApiKey, 'x-tenant-id': tenantId });
  const sessionUrl = (sessionId: string) => `${options.baseUrl}/onboarding/session/${encodeURIComponent(sessionId)}`;
  return {
    start: async (tenantId, request) => {
      let response: Response;
      try {
        response = await fetch(`${options.baseUrl}/onboarding/coexistence/start`, {
          method: 'POST',
          headers: { ...headersFor(tenantId), 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          // `replace`: clicking Connect again starts over instead of hitting ACTIVE_SESSION_EXISTS.
          body: JSON.stringify({ ...prefillOf(request), lang: 'en', replace: true }),
          signal: AbortSignal.timeout(START_TIMEOUT_MS),
        });
      } catch {
        return { ok: false, code: 'TEMPORARILY_UNAVAILABLE' };
      }
      const body = (await response.json().catch(() => ({}))) as { onboarding_url?: string | null; error?: { code?: string } };
      if (response.ok && typeof body.onboarding_url === 'string') return { ok: true, onboardingUrl: body.onboarding_url };
      return { ok: false, code: body.error?.code ?? (response.ok ? 'ONBOARDING_NOT_CONFIGURED' : 'TEMPORARILY_UNAVAILABLE') };
    },
    session: (tenantId, sessionId, signal) => fetch(sessionUrl(sessionId), { headers: headersFor(tenantId), signal }),
    sessionEvents: (tenantId, sessionId, signal) =>
      fetch(`${sessionUrl(sessionId)}/events`, { headers: { ...headersFor(tenantId), accept: 'text/event-stream' }, signal }),
  };
}

/** The form's free text as onboarding's start API wants it: E.164 without spaces, a trimmed name. */
function prefillOf(request: ConnectRequest): { phone_number?: string; name?: string } {
  const prefill: { phone_number?: string; name?: string } = {};
  const phoneNumber = request.phoneNumber?.replace(/[\s()./-]/g, '');
  if (phoneNumber) prefill.phone_number = phoneNumber;
  const name = request.businessName?.trim();
  if (name) prefill.name = name;
  return prefill;
}
