import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromiumLaunchOptions } from '@chatpilot/testing';
import { chromium, type BrowserContext } from 'playwright-core';

import { startCliProcess, type CliProcess } from '../src/cli/cli-process';
import { isAlive, repoRoot } from '../src/processes';

const SCREENSHOT = join(repoRoot(), 'test-artifacts', 'onboarding-success.png');

/**
 * `npm start` as a person uses it: the embedded system in its own process, a real browser on the
 * demo page, Ctrl-C, and a restart on the same data. The steps build on each other and run in order.
 */
describe('npm start (embedded) in Chromium', () => {
  let dataDir: string;
  let userDataDir: string;
  let browser: BrowserContext;
  let cli: CliProcess | undefined;
  const onboarded: { sessionId?: string; tenantId?: string } = {};
  const start = () => startCliProcess(dataDir, ['--free-ports', '--status-schedule', '300', '--log-level', 'warn']);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'chatpilot-embedded-'));
    userDataDir = mkdtempSync(join(tmpdir(), 'chatpilot-chromium-'));
    [cli, browser] = await Promise.all([start(), chromium.launchPersistentContext(userDataDir, chromiumLaunchOptions())]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (cli !== undefined && isAlive(cli.pid)) await cli.stop('SIGKILL');
    for (const dir of [dataDir, userDataDir]) if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('onboards a number: Connect WhatsApp, the 360dialog permission page, then the success page reaching Completed', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1100, height: 1000 });
    await page.goto(cli!.urls.demo);
    await page.fill('#phone_number', '+49 151 23456789');
    await page.fill('#business_name', 'Acme GmbH');
    await Promise.all([page.waitForURL('**/dashboard/app/*/permissions**'), page.click('#connect')]);

    expect(await page.inputValue('#phone_numbers')).toBe('+4915123456789');
    await page.fill('#email', 'owner@acme.test');
    await page.check('#share_history_yes');
    await Promise.all([page.waitForURL(`${cli!.urls.demo}/onboarding/success?session_id=*`), page.click('#grant')]);

    await page.locator('#status', { hasText: 'Completed' }).waitFor({ timeout: 60_000 });
    expect(await page.textContent('#headline')).toBe('You are all set');
    expect(await page.textContent('#channels')).toContain('+4915123456789');
    await page.locator('#history-label', { hasText: 'All done' }).waitFor({ timeout: 30_000 });
    mkdirSync(join(repoRoot(), 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true, animations: 'disabled' });

    onboarded.sessionId = new URL(page.url()).searchParams.get('session_id') ?? undefined;
    onboarded.tenantId = (await browser.cookies(cli!.urls.demo)).find((cookie) => cookie.name === 'chatpilot_demo_tenant')?.value;
    await page.close();
  }, 120_000);

  it('stops everything on Ctrl-C and leaves no process behind', async () => {
    const { pid, urls } = cli!;
    expect(await cli!.stop('SIGINT')).toBe(0);
    expect(cli!.output()).toContain('Stopped.');
    expect(isAlive(pid)).toBe(false);
    for (const url of [urls.demo, urls.onboarding, urls.webhookIngest, urls.registryHttp, urls.vaultHttp, urls.sandbox]) await expect(fetch(url)).rejects.toThrow();
    expect(existsSync(join(dataDir, 'system.pid'))).toBe(false);
    expect(existsSync(join(dataDir, 'running.json'))).toBe(false);
  }, 60_000);

  it('keeps the session in its data directory across a restart', async () => {
    cli = await start();
    const response = await fetch(`${cli.urls.onboarding}/onboarding/session/${onboarded.sessionId}`, {
      headers: { 'x-internal-key': cli.secrets.internalApiKey, 'x-tenant-id': onboarded.tenantId! },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ session_id: onboarded.sessionId, status: 'completed' });
    expect(await cli.stop('SIGINT')).toBe(0);
    expect(isAlive(cli.pid)).toBe(false);
  }, 180_000);
});
