import { frontendRedirectUrl } from './frontend-redirect';

describe('frontendRedirectUrl', () => {
  it('points at the success page with the session id', () => {
    expect(frontendRedirectUrl('https://app.example/', { kind: 'success', sessionId: 's 1' })).toBe('https://app.example/onboarding/success?session_id=s%201');
  });

  it('points at the error page with the code, under a base path too', () => {
    expect(frontendRedirectUrl('https://app.example/app', { kind: 'error', code: 'STATE_EXPIRED' })).toBe('https://app.example/app/onboarding/error?code=STATE_EXPIRED');
  });
});
