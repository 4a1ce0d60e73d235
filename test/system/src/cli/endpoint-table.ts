import type { SystemUrls } from '../system-urls';

/** What `npm start` prints once everything is up: the demo URL first, then every endpoint. */
export function endpointTable(urls: SystemUrls, mode: string): string {
  const rows: [string, string, string][] = [
    ['onboarding', urls.onboarding, 'internal API, 360dialog callback, /openapi.json'],
    ['webhook-ingest', `${urls.webhookIngest}/webhooks/360dialog`, 'partner webhooks'],
    ['channel-registry', urls.registryHttp, 'HTTP read API'],
    ['', urls.registryGrpc, 'gRPC'],
    ['credential-vault', urls.vaultGrpc, 'gRPC'],
    ['', urls.vaultHttp, 'health and metrics'],
    ['360dialog sandbox', urls.permissionPage, 'permission page'],
    ['', urls.partnerApi, 'Partner API'],
    ['', urls.sandboxControl, 'control API (faults, channels, webhooks)'],
  ];
  const width = Math.max(...rows.map(([, url]) => url.length));
  const lines = rows.map(([name, url, what]) => `  ${name.padEnd(18)} ${url.padEnd(width)}  ${what}`);
  return [
    '',
    `ChatPilot is running (${mode}).`,
    '',
    `  Demo: open ${urls.demo} and click "Connect WhatsApp".`,
    '',
    ...lines,
    '',
    'Every service also answers /healthz, /readyz and /metrics on its HTTP port. Press Ctrl-C to stop.',
    '',
  ].join('\n');
}
