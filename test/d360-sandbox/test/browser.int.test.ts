import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptions } from '@chatpilot/testing';
import { chromium, type BrowserContext } from 'playwright-core';
import { startCaptureServer, type CaptureServer } from './helpers/capture-server';
import { startSandbox, type RunningSandbox } from './helpers/sandbox-fixture';

/** A real browser fills the hosted permission page and follows the redirect to the partner. */
describe('permission page in Chromium', () => {
  let sandbox: RunningSandbox;
  let partner: CaptureServer;
  let browser: BrowserContext;
  let userDataDir: string;

  beforeAll(async () => {
    partner = await startCaptureServer(() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<h1>Connected</h1>' }));
    sandbox = await startSandbox();
    userDataDir = mkdtempSync(join(tmpdir(), 'd360-sandbox-chromium-'));
    browser = await chromium.launchPersistentContext(userDataDir, chromiumLaunchOptions());
  });
  afterAll(async () => {
    await browser?.close();
    if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
    await sandbox?.stop();
    await partner?.close();
  });

  it('grants two numbers and lands on the redirect URL with client and channels', async () => {
    const callback = `${partner.url}/onboarding/360/callback?state=tok-123`;
    const link = `${sandbox.info.urls.permissionPage}?state=tok-123&redirect_url=${encodeURIComponent(callback)}&number=%2B4915112345678&name=Acme%20GmbH&lang=en`;
    const page = await browser.newPage();
    await page.goto(link);

    expect(await page.inputValue('#phone_numbers')).toBe('+4915112345678');
    expect(await page.isChecked('#coexistence')).toBe(true);
    await page.fill('#phone_numbers', '+49 151 12345678, +49 151 87654321');
    await page.fill('#email', 'owner@acme.test');
    await page.check('#share_history_no');
    await Promise.all([page.waitForURL(`${partner.url}/**`), page.click('#grant')]);

    const landed = new URL(page.url());
    expect(`${landed.origin}${landed.pathname}`).toBe(`${partner.url}/onboarding/360/callback`);
    expect(landed.searchParams.get('state')).toBe('tok-123');
    const clientId = landed.searchParams.get('client');
    const channels = landed.searchParams.get('channels');
    expect(channels).toMatch(/^\[[0-9A-Za-z]{6}CH,[0-9A-Za-z]{6}CH\]$/);

    const [received] = await partner.waitForCount(1);
    expect(received!.url).toContain(`&client=${clientId}&channels=${channels}`);
    const created = await sandbox.control.channels();
    expect(created.map((c) => c.id).sort()).toEqual(channels!.slice(1, -1).split(',').sort());
    expect(created.every((c) => c.clientId === clientId && c.coexistence && !c.shareHistory)).toBe(true);
    expect(created.map((c) => c.phoneNumber).sort()).toEqual(['+4915112345678', '+4915187654321']);
  });
});
