import { startSandbox, type RunningSandbox } from './helpers/sandbox-fixture';

/** The permission page over plain HTTP (the browser test drives the same form in Chromium). */
describe('hosted permission page', () => {
  let sandbox: RunningSandbox;
  let pageUrl: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ redirectUrl: 'https://partner.example/onboarding/360/callback' });
    pageUrl = sandbox.info.urls.permissionPage;
  });
  afterAll(() => sandbox.stop());
  beforeEach(() => sandbox.control.reset());

  const submit = (query: string, form: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) for (const v of [value].flat()) body.append(key, v);
    return fetch(`${pageUrl}${query}`, { method: 'POST', body, redirect: 'manual' });
  };
  const grant = { action: 'grant', phone_numbers: '+49 151 12345678', coexistence: 'on', share_history: 'yes' };

  it('renders a form pre-filled from the documented query parameters', async () => {
    const response = await fetch(`${pageUrl}?number=%22%2B4915112345678%22&name=Acme&email=a%40acme.test&lang=de&state=s1`);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('<html lang="de">');
    expect(html).toMatch(/id="phone_numbers" name="phone_numbers" value="\+4915112345678"/);
    expect(html).toMatch(/id="coexistence" name="coexistence" checked/);
    expect(html).toMatch(/name="share_history" value="yes" checked/);
    expect(html).toContain('id="cancel"');
  });

  it('redirects with client and channels in literal brackets, without echoing state by default', async () => {
    const response = await submit('?state=tok&redirect_url=https%3A%2F%2Fp.example%2Fcb', { ...grant, phone_numbers: '+4915112345678, +4915187654321' });
    expect(response.status).toBe(302);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^https:\/\/p\.example\/cb\?client=[0-9A-Za-z]{6}CL&channels=\[[0-9A-Za-z]{6}CH,[0-9A-Za-z]{6}CH\]$/);
    const channels = await sandbox.control.channels();
    expect(channels.map((c) => c.id).sort()).toEqual(location.match(/[0-9A-Za-z]{6}CH/g)!.sort());
    expect(channels.every((c) => c.coexistence && c.shareHistory)).toBe(true);
  });

  it('falls back to the partner redirect URL and appends to its query with &', async () => {
    const plain = await submit('', grant);
    expect(plain.headers.get('location')).toMatch(/^https:\/\/partner\.example\/onboarding\/360\/callback\?client=/);
    const withQuery = await submit('?redirect_url=' + encodeURIComponent('https://p.example/cb?state=X'), grant);
    expect(withQuery.headers.get('location')).toMatch(/^https:\/\/p\.example\/cb\?state=X&client=\w+&channels=\[\w+\]$/);
  });

  it('produces the malformed second-? redirect and echoes state when switched on', async () => {
    await sandbox.control.updateSettings({ malformedRedirect: true, echoState: true });
    const response = await submit('?state=S%2F1&redirect_url=' + encodeURIComponent('https://p.example/cb?state=X'), grant);
    expect(response.headers.get('location')).toMatch(/^https:\/\/p\.example\/cb\?state=X\?client=\w+&channels=\[\w+\]&state=S%2F1$/);
  });

  it('records coexistence off and history sharing no', async () => {
    await submit('', { action: 'grant', phone_numbers: '+4915112345678', share_history: 'no' });
    const [channel] = await sandbox.control.channels();
    expect(channel).toMatchObject({ coexistence: false, shareHistory: false, phoneNumber: '+4915112345678' });
  });

  it('creates nothing and stays on the page when the client cancels', async () => {
    const response = await submit('', { ...grant, action: 'cancel' });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('No permission was shared');
    expect(await sandbox.control.clients()).toEqual([]);
  });

  it('re-renders the form with an error for an invalid number', async () => {
    const response = await submit('', { ...grant, phone_numbers: '0151 12' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('is not a valid phone number');
  });

  it('lists an existing client\'s numbers and reports unchecked ones as revoked', async () => {
    const first = await sandbox.control.onboard({ phoneNumbers: ['+4915111111111', '+4915122222222'], email: 'owner@acme.test' });
    const [keep, revoke] = first.channelIds as [string, string];
    const html = await (await fetch(`${pageUrl}?client_id=${first.clientId}`)).text();
    expect(html).toContain(`value="${keep}"`);
    expect(html).toContain(`value="${revoke}"`);

    const response = await submit(`?client_id=${first.clientId}`, { action: 'grant', phone_numbers: '', existing_channel: [keep, revoke], keep_channel: keep });
    expect(response.headers.get('location')).toBe(`https://partner.example/onboarding/360/callback?client=${first.clientId}&channels=[${keep}]&revoked=[${revoke}]`);
    expect((await sandbox.control.channel(revoke)).permissionRevoked).toBe(true);
  });

  it('answers 404 for another partner and 400 without any redirect URL', async () => {
    expect((await fetch(pageUrl.replace(sandbox.info.partnerId, 'otherPA'))).status).toBe(404);
    const bare = await startSandbox();
    try {
      const response = await fetch(bare.info.urls.permissionPage);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('can not be shared');
    } finally {
      await bare.stop();
    }
  });
});
