// Docker HEALTHCHECK for every image built from this folder's Dockerfile. Kubernetes ignores it
// and uses the Deployments' probes. Exit 0 when the workload's health route answers 2xx.
const DEFAULT_PORTS = { onboarding: 8080, 'webhook-ingest': 8081, 'channel-registry': 8082, 'credential-vault': 9464, 'd360-sandbox': 4360 };

const service = process.env.SERVICE ?? '';
const port = process.env.HTTP_PORT ?? process.env.SANDBOX_PORT ?? DEFAULT_PORTS[service];
const path = service === 'd360-sandbox' ? '/sandbox/info' : '/healthz';

fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(4000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
