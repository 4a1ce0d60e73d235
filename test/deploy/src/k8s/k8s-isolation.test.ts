import type { JsonObject, KubeObject } from '../kustomize/kube-object';
import { ENCRYPTION_KEY_SECRET, ENCRYPTION_KEY_VARIABLES } from '../repo';
import { containersOf, named, ofKind, OVERLAYS, podLabelsOf, render } from './manifests';
import { admissions, isDefaultDeny } from './network-policies';

const TARGETS = ['base', ...OVERLAYS.map((overlay) => `overlays/${overlay}` as const)] as const;

const server = (name: string) => `pods{app.kubernetes.io/name=${name},app.kubernetes.io/component=server}`;
const trustedPods = (label: string) => `namespaces{chatpilot.io/trusted=true} pods{${label}=true}`;
const INGRESS_CONTROLLER = 'namespaces{kubernetes.io/metadata.name=ingress-nginx} pods{app.kubernetes.io/name=ingress-nginx}';
const MONITORING = 'namespaces{kubernetes.io/metadata.name=monitoring}';
const PUBLIC_INTERNET = 'cidr 0.0.0.0/0 except 10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,169.254.0.0/16';
const DNS = ['namespaces{kubernetes.io/metadata.name=kube-system} pods{k8s-app=kube-dns} 53/UDP', 'namespaces{kubernetes.io/metadata.name=kube-system} pods{k8s-app=kube-dns} 53/TCP'];
const IN_CLUSTER_DATASTORES = ['namespaces{} pods{app.kubernetes.io/name=postgresql} 5432/TCP', 'namespaces{} pods{app.kubernetes.io/name=rabbitmq} 5672/TCP', 'namespaces{} pods{app.kubernetes.io/name=rabbitmq} 5671/TCP'];

const VAULT_CALLERS = [server('onboarding'), trustedPods('chatpilot.io/vault-client')];

function serverPodLabels(objects: readonly KubeObject[], service: string): Record<string, string> {
  return podLabelsOf(named(objects, 'Deployment', service));
}

function mentionsEncryptionKey(object: KubeObject): boolean {
  const text = JSON.stringify(object);
  return text.includes(ENCRYPTION_KEY_SECRET) || ENCRYPTION_KEY_VARIABLES.some((variable) => text.includes(variable));
}

describe.each(TARGETS)('isolation in k8s/%s', (target) => {
  const objects = render(target);

  it('only the vault Deployment references the encryption key, and only from its Secret', () => {
    const referencing = objects.filter(mentionsEncryptionKey).filter((object) => !(object.kind === 'Secret' && object.metadata.name === ENCRYPTION_KEY_SECRET));
    expect(referencing.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual(['Deployment/credential-vault']);
    const env = containersOf(referencing[0]!).flatMap((container) => container.env ?? []);
    const keyVariables = env.filter((variable) => (ENCRYPTION_KEY_VARIABLES as readonly string[]).includes(variable.name));
    expect(keyVariables.length).toBeGreaterThan(0);
    for (const variable of keyVariables) {
      expect(variable.value).toBeUndefined();
      expect(((variable.valueFrom as JsonObject).secretKeyRef as JsonObject).name).toBe(ENCRYPTION_KEY_SECRET);
    }
  });

  it('the Ingress routes exactly the public 360dialog paths and nothing else', () => {
    expect(ofKind(objects, 'Ingress').map((ingress) => ingress.metadata.name)).toEqual(['chatpilot-public']);
    const spec = named(objects, 'Ingress', 'chatpilot-public').spec as { defaultBackend?: unknown; rules: Array<{ host?: string; http: { paths: JsonObject[] } }> };
    expect(spec.defaultBackend).toBeUndefined();
    const routes = spec.rules.flatMap((rule) =>
      rule.http.paths.map((path) => {
        const service = (path.backend as { service: { name: string; port: { name: string } } }).service;
        return `${String(path.pathType)} ${String(path.path)} -> ${service.name}:${service.port.name}`;
      }),
    );
    expect(routes).toEqual(['Exact /onboarding/360/callback -> onboarding:http', 'Prefix /webhooks/360dialog -> webhook-ingest:http', 'Prefix /webhook/ -> webhook-ingest:http']);
    expect(spec.rules.every((rule) => typeof rule.host === 'string' && rule.host.length > 0)).toBe(true);
    const annotations = Object.keys(named(objects, 'Ingress', 'chatpilot-public').metadata.annotations ?? {});
    expect(annotations.filter((annotation) => /use-regex|rewrite-target|snippet|default-backend|custom-http-errors/.test(annotation))).toEqual([]);
  });

  it('no Service is exposed outside the cluster except through that Ingress', () => {
    const exposed = ofKind(objects, 'Service').filter((service) => ['NodePort', 'LoadBalancer'].includes(String((service.spec as JsonObject).type)));
    expect(exposed).toEqual([]);
  });

  it('denies all traffic by default and allows DNS to every pod', () => {
    expect(ofKind(objects, 'NetworkPolicy').filter(isDefaultDeny).map((policy) => policy.metadata.name)).toEqual(['default-deny-all']);
    const anyPod = { 'app.kubernetes.io/name': 'anything' };
    expect(admissions(objects, anyPod, 'Egress').map((admission) => `${admission.peer} ${admission.port}`)).toEqual(DNS);
    expect(admissions(objects, anyPod, 'Ingress')).toEqual([]);
  });

  it('admits to the vault gRPC port only onboarding and labelled vault clients; to its metrics port only monitoring', () => {
    const admitted = admissions(objects, serverPodLabels(objects, 'credential-vault'), 'Ingress');
    expect(admitted.filter((admission) => admission.port === '50051/TCP').map((admission) => admission.peer)).toEqual(VAULT_CALLERS);
    expect(admitted.filter((admission) => admission.port !== '50051/TCP').map((admission) => `${admission.peer} ${admission.port}`)).toEqual([`${MONITORING} 9464/TCP`]);
  });

  it('admits to the registry gRPC port only onboarding and labelled registry clients', () => {
    const admitted = admissions(objects, serverPodLabels(objects, 'channel-registry'), 'Ingress');
    expect(admitted.filter((admission) => admission.port === '50052/TCP').map((admission) => admission.peer)).toEqual([server('onboarding'), trustedPods('chatpilot.io/registry-client')]);
  });

  it('admits to onboarding and webhook-ingest only the Ingress controller, internal clients and monitoring', () => {
    for (const [service, port] of [['onboarding', '8080/TCP'], ['webhook-ingest', '8081/TCP']] as const) {
      const admitted = admissions(objects, serverPodLabels(objects, service), 'Ingress').filter((admission) => !admission.peer.includes('d360-sandbox'));
      expect(admitted.map((admission) => `${admission.peer} ${admission.port}`)).toEqual([INGRESS_CONTROLLER, trustedPods('chatpilot.io/internal-client'), MONITORING].map((peer) => `${peer} ${port}`));
    }
  });
});

describe('egress in k8s/base: each service reaches only what it needs', () => {
  const objects = render('base');
  const egressOf = (service: string) => admissions(objects, serverPodLabels(objects, service), 'Egress').map((admission) => `${admission.peer} ${admission.port}`);

  it.each([
    ['onboarding', [`${server('channel-registry')} 50052/TCP`, `${server('credential-vault')} 50051/TCP`]],
    ['webhook-ingest', []],
    ['channel-registry', [`${PUBLIC_INTERNET} 443/TCP`]],
    ['credential-vault', [`${PUBLIC_INTERNET} 443/TCP`]],
  ])('%s: DNS, its datastores and %j', (service, own) => {
    expect(egressOf(service).sort()).toEqual([...DNS, ...IN_CLUSTER_DATASTORES, ...own].sort());
  });

  it('migration Jobs reach only DNS and the datastores', () => {
    for (const job of ofKind(objects, 'Job')) {
      expect(admissions(objects, podLabelsOf(job), 'Egress').map((admission) => `${admission.peer} ${admission.port}`).sort()).toEqual([...DNS, ...IN_CLUSTER_DATASTORES].sort());
      expect(admissions(objects, podLabelsOf(job), 'Ingress')).toEqual([]);
    }
  });
});

describe('egress in k8s/overlays/prod', () => {
  it('reaches PostgreSQL and RabbitMQ at their managed addresses instead of in-cluster pods', () => {
    const objects = render('overlays/prod');
    const egress = admissions(objects, podLabelsOf(named(objects, 'Deployment', 'webhook-ingest')), 'Egress').map((admission) => `${admission.peer} ${admission.port}`);
    expect(egress.sort()).toEqual([...DNS, 'cidr 10.20.0.0/24 5432/TCP', 'cidr 10.20.1.0/24 5671/TCP'].sort());
  });
});
