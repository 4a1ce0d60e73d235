import type { OnboardRequest, OnboardResult, SandboxControlClient } from '@chatpilot/d360-sandbox';

let numbers = 0;

/** A phone number no other test of this process uses. */
export function uniquePhoneNumber(): string {
  numbers += 1;
  return `+4915${String(process.pid % 1000).padStart(3, '0')}${String(Date.now() % 100_000).padStart(5, '0')}${String(numbers).padStart(2, '0')}`;
}

/**
 * What the tenant does on 360dialog's permission page for `onboardingUrl`, driven through the
 * sandbox's control API; resolves with where the page would send the browser.
 */
export async function grantAtSandbox(
  control: SandboxControlClient,
  onboardingUrl: string,
  request: Partial<OnboardRequest> = {},
): Promise<OnboardResult & { redirectLocation: string }> {
  const link = new URL(onboardingUrl);
  const redirectUrl = link.searchParams.get('redirect_url') ?? undefined;
  const state = link.searchParams.get('state') ?? undefined;
  const result = await control.onboard({
    phoneNumbers: [uniquePhoneNumber()],
    coexistence: true,
    shareHistory: true,
    ...(redirectUrl === undefined ? {} : { redirectUrl }),
    ...(state === undefined ? {} : { state }),
    ...request,
  });
  if (result.redirectLocation === null) throw new Error('the sandbox knows no redirect URL for this grant');
  return { ...result, redirectLocation: result.redirectLocation };
}
