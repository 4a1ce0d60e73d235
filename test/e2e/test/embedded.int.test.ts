import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SandboxControlClient } from '@chatpilot/d360-sandbox';
import { isAlive } from '@chatpilot/system';
import { startCliProcess, type CliProcess } from '@chatpilot/system';

import { newTenantId } from '../src/flows';
import { createOnboardingApi } from '../src/onboarding-api';
import { grantAtSandbox } from '../src/sandbox-grant';

/**
 * `npm start`'s default mode, run as a person runs it (its own process: PGlite cannot load inside
 * Jest): the four services in one process on PGlite and the in-memory bus, the same HTTP surface.
 */
describe('the system embedded in one process', () => {
  let dataDir: string;
  let system: CliProcess;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'chatpilot-e2e-embedded-'));
    system = await startCliProcess(dataDir, ['--infra', 'embedded', '--free-ports', '--status-schedule', 'immediate', '--log-level', 'warn']);
  }, 180_000);

  afterAll(async () => {
    if (system && isAlive(system.pid)) await system.stop('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes a tenant from start to completed over the same HTTP API', async () => {
    const onboarding = createOnboardingApi(system.urls.onboarding, system.secrets.internalApiKey);
    const tenantId = newTenantId();

    const started = await onboarding.start(tenantId, { lang: 'en' });
    const grant = await grantAtSandbox(new SandboxControlClient(system.urls.sandbox), started.onboarding_url);
    const callback = await onboarding.callback(grant.redirectLocation);
    expect(callback).toEqual({ status: 303, location: `${system.urls.demo}/onboarding/success?session_id=${started.session_id}` });

    const session = await onboarding.waitForSession(tenantId, started.session_id);
    expect(session).toMatchObject({ status: 'completed', error: null, client_id: grant.clientId });
    expect(session.channels).toEqual([expect.objectContaining({ channel_id: grant.channelIds[0], status: 'running', key_provisioned: true, webhook_configured: true })]);
  });

  it('stops on Ctrl-C and leaves no process running', async () => {
    expect(await system.stop('SIGINT')).toBe(0);
    expect(isAlive(system.pid)).toBe(false);
  });
});
