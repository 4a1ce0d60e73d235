import { buildOnboardingUrl, resolvePermissionPageUrl } from './onboarding-link';

describe('buildOnboardingUrl', () => {
  it('carries the state itself and inside redirect_url, plus the pre-fill', () => {
    const url = new URL(
      buildOnboardingUrl({
        permissionPageUrl: 'https://hub.360dialog.com/dashboard/app/abcPA/permissions',
        publicBaseUrl: 'https://onboarding.chatpilot.example/',
        stateToken: 'tok',
        prefill: { phoneNumber: '+4915112345678', email: 'a@b.example', name: 'Café Ünal', lang: 'de' },
      }),
    );
    expect(url.origin + url.pathname).toBe('https://hub.360dialog.com/dashboard/app/abcPA/permissions');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      state: 'tok',
      redirect_url: 'https://onboarding.chatpilot.example/onboarding/360/callback?state=tok',
      number: '+4915112345678',
      email: 'a@b.example',
      name: 'Café Ünal',
      lang: 'de',
    });
  });
});

describe('resolvePermissionPageUrl', () => {
  it('fills {partner_id}', () => {
    expect(resolvePermissionPageUrl('https://hub.360dialog.com/dashboard/app/{partner_id}/permissions', 'abcPA')).toBe(
      'https://hub.360dialog.com/dashboard/app/abcPA/permissions',
    );
  });

  it('is unconfigured without a URL, or with a template and no partner id', () => {
    expect(resolvePermissionPageUrl(undefined, 'abcPA')).toBeUndefined();
    expect(resolvePermissionPageUrl('https://hub.360dialog.com/dashboard/app/{partner_id}/permissions', undefined)).toBeUndefined();
  });
});
