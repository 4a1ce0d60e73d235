import { randomUUID } from 'node:crypto';

import type { OnboardRequest, OnboardResult } from '@chatpilot/d360-sandbox';

import { FRONTEND_BASE_URL, type E2eSystem } from './e2e-system';
import type { CallbackAnswer, Session, StartedSession } from './onboarding-api';
import { grantAtSandbox } from './sandbox-grant';

export const newTenantId = (): string => `tenant-${randomUUID()}`;
export const successPage = (sessionId: string): string => `${FRONTEND_BASE_URL}/onboarding/success?session_id=${sessionId}`;
export const errorPage = (code: string): string => `${FRONTEND_BASE_URL}/onboarding/error?code=${code}`;

export interface GrantedOnboarding {
  tenantId: string;
  started: StartedSession;
  grant: OnboardResult & { redirectLocation: string };
  callback: CallbackAnswer;
}

/** Start → the tenant grants at 360dialog → the browser comes back: everything up to the saga. */
export async function startAndGrant(system: E2eSystem, grant: Partial<OnboardRequest> = {}, tenantId = newTenantId()): Promise<GrantedOnboarding> {
  const started = await system.onboarding.start(tenantId, { lang: 'en' });
  const granted = await grantAtSandbox(system.sandbox, started.onboarding_url, grant);
  const callback = await system.onboarding.callback(granted.redirectLocation);
  return { tenantId, started, grant: granted, callback };
}

/** A tenant taken through onboarding until its session finished. */
export async function onboardTenant(system: E2eSystem, grant: Partial<OnboardRequest> = {}, tenantId?: string): Promise<GrantedOnboarding & { session: Session }> {
  const granted = await startAndGrant(system, grant, tenantId);
  const session = await system.onboarding.waitForSession(granted.tenantId, granted.started.session_id);
  return { ...granted, session };
}

/** A channel as channel-registry's internal HTTP read API shows it to the tenant. */
export async function registryChannel(system: E2eSystem, tenantId: string, channelId: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${system.processes.endpoints.registryHttp}/channels/${channelId}`, {
    headers: { 'x-internal-key': system.secrets.internalApiKey, 'x-tenant-id': tenantId },
  });
  if (!response.ok) throw new Error(`registry GET /channels/${channelId} answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}
