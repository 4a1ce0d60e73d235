import { createHash } from 'node:crypto';
import { readRepoFile, SERVICES } from '../repo';
import { configProblems } from '../service-configs';
import { resolveContainerEnv, referencedSources } from './container-env';
import { containersOf, isWorkload, named, ofKind, render } from './manifests';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The Secrets production creates outside this repository, as deploy/README.md lists them. */
const PRODUCTION_SECRETS = ['onboarding-secrets', 'webhook-ingest-secrets', 'channel-registry-secrets', 'credential-vault-secrets', 'credential-vault-encryption-key'];

describe('configuration of k8s/overlays/dev', () => {
  const objects = render('overlays/dev');

  it.each(SERVICES)("gives %s an environment its own config schema accepts", (service) => {
    const [container] = containersOf(named(objects, 'Deployment', service));
    expect(configProblems(service, resolveContainerEnv(container!, objects))).toEqual([]);
  });

  it('gives the sandbox an environment its config schema accepts', () => {
    const [container] = containersOf(named(objects, 'Deployment', 'd360-sandbox'));
    expect(configProblems('d360-sandbox', resolveContainerEnv(container!, objects))).toEqual([]);
  });

  it.each(SERVICES)('gives the %s migration Job its database', (service) => {
    const [container] = containersOf(named(objects, 'Job', `${service}-migrate`));
    expect(resolveContainerEnv(container!, objects).DATABASE_URL).toMatch(/^postgres:\/\//);
  });

  it("lists onboarding's gRPC tokens among the vault's and the registry's callers under its name", () => {
    const env = (service: string) => resolveContainerEnv(containersOf(named(objects, 'Deployment', service))[0]!, objects);
    const onboarding = env('onboarding');
    expect(env('credential-vault').VAULT_CALLERS?.split(',')).toContain(`onboarding:${sha256(onboarding.CREDENTIAL_VAULT_TOKEN!)}`);
    expect(env('channel-registry').REGISTRY_CALLERS?.split(',')).toContain(`onboarding:${sha256(onboarding.CHANNEL_REGISTRY_TOKEN!)}`);
  });
});

describe('configuration of k8s/overlays/prod', () => {
  const objects = render('overlays/prod');
  const references = objects.filter(isWorkload).flatMap(containersOf).flatMap(referencedSources);

  it('renders every ConfigMap a workload reads', () => {
    const missing = references.filter((reference) => reference.kind === 'ConfigMap' && !ofKind(objects, 'ConfigMap').some((map) => map.metadata.name === reference.name));
    expect(missing).toEqual([]);
  });

  it('reads exactly the Secrets deploy/README.md tells operators to create, and ships none of them', () => {
    expect([...new Set(references.filter((reference) => reference.kind === 'Secret').map((reference) => reference.name))].sort()).toEqual([...PRODUCTION_SECRETS].sort());
    expect(ofKind(objects, 'Secret')).toEqual([]);
    const readme = readRepoFile('deploy', 'README.md');
    for (const secret of PRODUCTION_SECRETS) expect(readme).toContain(secret);
  });
});
