import { createLogger } from '@chatpilot/logger';
import { freePort } from '@chatpilot/testing';

import { startDemoServer, type DemoServer } from '../src/demo/demo-server';
import { ERROR_TEXTS } from '../src/demo/error-texts';

/** The demo's own pages; the whole flow through them runs in browser.int.test.ts. */
describe('the demo pages', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    // Nothing listens here: onboarding being down is part of what is tested.
    const onboardingUrl = `http://127.0.0.1:${await freePort()}`;
    demo = await startDemoServer({ port: 0, host: '127.0.0.1', onboardingUrl, internalApiKey: 'internal-key-for-tests', logger: createLogger({ service: 'demo', level: 'silent' }) });
  });
  afterAll(() => demo.close());

  it('offers Connect WhatsApp and gives the browser a tenant of its own', async () => {
    const response = await fetch(demo.url);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<button id="connect"');
    const tenant = /chatpilot_demo_tenant=(demo-[0-9a-f]{12})/.exec(response.headers.get('set-cookie') ?? '')?.[1];
    expect(html).toContain(tenant);
  });

  it.each(Object.entries(ERROR_TEXTS))('explains %s on the error page', async (code, text) => {
    const html = await (await fetch(`${demo.url}/onboarding/error?code=${code}`)).text();
    expect(html).toContain(`<code id="error-code">${code}</code>`);
    expect(html).toContain(text.title.replaceAll("'", '&#39;').replaceAll('"', '&quot;'));
  });

  it('never echoes markup from the query string', async () => {
    const html = await (await fetch(`${demo.url}/onboarding/error?code=%3Cscript%3E`)).text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('<code id="error-code">UNKNOWN</code>');
    const success = await (await fetch(`${demo.url}/onboarding/success?session_id=%22%3E%3Cimg%3E`)).text();
    expect(success).not.toContain('"><img>');
  });

  it('serves its pages under the host name the 360dialog callback returns to, so the tenant cookie comes back', async () => {
    const asLocalhost = demo.url.replace('127.0.0.1', 'localhost');
    const response = await fetch(`${asLocalhost}/onboarding/error?code=NO_CHANNELS`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${demo.url}/onboarding/error?code=NO_CHANNELS`);
  });

  it('sends the browser to the error page when onboarding does not answer', async () => {
    const response = await fetch(`${demo.url}/demo/connect`, { method: 'POST', body: new URLSearchParams({ phone_number: '+49 151 1' }), redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/onboarding/error?code=TEMPORARILY_UNAVAILABLE');
  });

  it('answers a success page without a session id with the not-found page', async () => {
    const response = await fetch(`${demo.url}/onboarding/success`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('SESSION_NOT_FOUND');
  });
});
