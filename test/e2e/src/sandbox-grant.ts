import type { OnboardRequest, OnboardResult, SandboxControlClient } from '@chatpilot/d360-sandbox';

let issuedNumbers = 0;

/** A phone number no other onboarding of this process uses. */
export function uniquePhoneNumber(): string {
  issuedNumbers += 1;
  return `+4917${String(process.pid % 1000).padStart(3, '0')}${String(Date.now() % 100_000).padStart(5, '0')}${String(issuedNumbers % 100).padStart(2, '0')}`;
}

/**
 * What the tenant does on 360dialog's permission page for `onboardingUrl` (connect a number with
 * coexistence and shared history), through the sandbox's control API; resolves with where the page
 * sends the browser.
 */
export async function grantAtSandbox(sandbox: SandboxControlClient, onboardingUrl: string, request: Partial<OnboardRequest> = {}): Promise<OnboardResult & { redirectLocation: string }> {
  const link = new URL(onboardingUrl);
  const redirectUrl = link.searchParams.get('redirect_url');
  const state = link.searchParams.get('state');
  const result = await sandbox.onboard({
    phoneNumbers: [uniquePhoneNumber()],
    coexistence: true,
    shareHistory: true,
    ...(redirectUrl === null ? {} : { redirectUrl }),
    ...(state === null ? {} : { state }),
    ...request,
  });
  if (result.redirectLocation === null) throw new Error('the sandbox knows no redirect URL for this grant');
  return { ...result, redirectLocation: result.redirectLocation };
}
