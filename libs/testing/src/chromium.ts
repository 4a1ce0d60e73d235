import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps dialling Google's hosts, which this
// machine's closed network refuses many at a time.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launch options for Debian's Chromium under playwright-core; a browser test never skips, so a missing Chromium fails it. */
export function chromiumLaunchOptions(): { executablePath: string; headless: true; args: string[] } {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is required at ${CHROMIUM} for the browser tests (they never skip): run \`apt-get install -y chromium\`.`);
  }
  return { executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] };
}
