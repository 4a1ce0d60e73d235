import type { JsonObject, KubeObject } from '../kustomize/kube-object';
import { SERVICES, type ServiceName } from '../repo';
import { containersOf, isWorkload, labelSelectorMatches, named, ofKind, OVERLAYS, podLabelsOf, podSpecOf, render, type Container } from './manifests';

const TARGETS = ['base', ...OVERLAYS.map((overlay) => `overlays/${overlay}` as const)] as const;

/** Ports each service listens on, and which one its readiness probe asks (gRPC health where there is gRPC). */
const PORTS: Readonly<Record<ServiceName, { http: number; grpc?: number }>> = {
  onboarding: { http: 8080 },
  'webhook-ingest': { http: 8081 },
  'channel-registry': { http: 8082, grpc: 50052 },
  'credential-vault': { http: 9464, grpc: 50051 },
};

type Probe = { httpGet?: { path: string; port: string | number }; grpc?: { port: number } };
type Port = { name?: string; containerPort: number };

function containerPort(container: Container, reference: string | number | undefined): number | undefined {
  const ports = (container.ports as Port[] | undefined) ?? [];
  return ports.find((port) => port.name === reference || port.containerPort === reference)?.containerPort;
}

function securityProblems(workload: KubeObject): string[] {
  const pod = podSpecOf(workload);
  const podContext = (pod.securityContext ?? {}) as JsonObject;
  const problems: string[] = [];
  if (podContext.runAsNonRoot !== true) problems.push('pod runAsNonRoot is not true');
  if (typeof podContext.runAsUser !== 'number' || podContext.runAsUser === 0) problems.push('pod runAsUser is not a non-root uid');
  if ((podContext.seccompProfile as JsonObject | undefined)?.type !== 'RuntimeDefault') problems.push('pod seccompProfile is not RuntimeDefault');
  if (pod.automountServiceAccountToken !== false) problems.push('the service account token is mounted');
  const tmp = ((pod.volumes as Array<{ name: string; emptyDir?: unknown }> | undefined) ?? []).find((volume) => volume.emptyDir !== undefined);
  for (const container of containersOf(workload)) {
    const context = (container.securityContext ?? {}) as JsonObject;
    if (context.allowPrivilegeEscalation !== false) problems.push(`${container.name}: allowPrivilegeEscalation is not false`);
    if (context.readOnlyRootFilesystem !== true) problems.push(`${container.name}: readOnlyRootFilesystem is not true`);
    if (!((context.capabilities as JsonObject | undefined)?.drop as string[] | undefined)?.includes('ALL')) problems.push(`${container.name}: capabilities do not drop ALL`);
    const mounts = (container.volumeMounts as Array<{ name: string; mountPath: string }> | undefined) ?? [];
    if (!mounts.some((mount) => mount.mountPath === '/tmp' && mount.name === tmp?.name)) problems.push(`${container.name}: /tmp is not a writable emptyDir`);
  }
  return problems;
}

function resourceProblems(workload: KubeObject): string[] {
  return containersOf(workload).flatMap((container) => {
    const resources = (container.resources ?? {}) as { requests?: JsonObject; limits?: JsonObject };
    return ['requests', 'limits'].flatMap((kind) =>
      ['cpu', 'memory'].filter((resource) => resources[kind as 'requests' | 'limits']?.[resource] === undefined).map((resource) => `${container.name}: no ${resource} ${kind}`),
    );
  });
}

describe.each(TARGETS)('workloads in k8s/%s', (target) => {
  const objects = render(target);
  const deployments = ofKind(objects, 'Deployment');

  it('every Deployment has readiness and liveness probes on ports its container declares', () => {
    for (const deployment of deployments) {
      for (const container of containersOf(deployment)) {
        for (const kind of ['readinessProbe', 'livenessProbe'] as const) {
          const probe = container[kind] as Probe | undefined;
          const port = probe?.grpc?.port ?? probe?.httpGet?.port;
          expect({ workload: deployment.metadata.name, kind, declared: containerPort(container, port) !== undefined }).toEqual({ workload: deployment.metadata.name, kind, declared: true });
        }
      }
    }
  });

  it('every server waits in preStop for its endpoints to go, and its grace period covers that wait and runService’s 25 s stop', () => {
    const RUN_SERVICE_STOP_SECONDS = 25;
    // The dev overlay's 360dialog sandbox is a simulator, not one of ours.
    for (const deployment of deployments.filter((candidate) => (SERVICES as readonly string[]).includes(candidate.metadata.name))) {
      const pod = podSpecOf(deployment);
      for (const container of containersOf(deployment)) {
        const command = ((container.lifecycle as JsonObject | undefined)?.preStop as { exec?: { command?: string[] } } | undefined)?.exec?.command ?? [];
        const waitSeconds = command[0] === 'sleep' ? Number(command[1]) : 0;
        expect({ workload: deployment.metadata.name, waitsSeconds: waitSeconds >= 3 }).toEqual({ workload: deployment.metadata.name, waitsSeconds: true });
        expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(waitSeconds + RUN_SERVICE_STOP_SECONDS);
      }
    }
  });

  it('every workload (Deployments and migration Jobs) requests and limits CPU and memory', () => {
    expect(objects.filter(isWorkload).flatMap((workload) => resourceProblems(workload).map((problem) => `${workload.kind}/${workload.metadata.name} ${problem}`))).toEqual([]);
  });

  it('every workload runs as non-root with a read-only root filesystem, no privilege escalation and no capabilities', () => {
    expect(objects.filter(isWorkload).flatMap((workload) => securityProblems(workload).map((problem) => `${workload.kind}/${workload.metadata.name}: ${problem}`))).toEqual([]);
  });

  it.each(SERVICES)('%s probes gRPC health where it serves gRPC and HTTP otherwise; liveness asks /healthz only', (service) => {
    const [container] = containersOf(named(objects, 'Deployment', service));
    const readiness = container?.readinessProbe as Probe;
    const liveness = container?.livenessProbe as Probe;
    const { http, grpc } = PORTS[service];
    if (grpc === undefined) expect(readiness.httpGet).toEqual({ path: '/readyz', port: 'http' });
    else expect(readiness.grpc).toEqual({ port: grpc });
    expect(liveness.httpGet?.path).toBe('/healthz');
    expect(containerPort(container!, liveness.httpGet?.port)).toBe(http);
  });

  it.each(SERVICES)('%s has its own ServiceAccount without an API token, a Service, a PodDisruptionBudget and a HorizontalPodAutoscaler', (service) => {
    const deployment = named(objects, 'Deployment', service);
    const podLabels = podLabelsOf(deployment);
    expect(podSpecOf(deployment).serviceAccountName).toBe(service);
    expect(named(objects, 'ServiceAccount', service).automountServiceAccountToken).toBe(false);
    expect(labelSelectorMatches({ matchLabels: (named(objects, 'Service', service).spec as JsonObject).selector as JsonObject }, podLabels)).toBe(true);
    expect(labelSelectorMatches((named(objects, 'PodDisruptionBudget', service).spec as JsonObject).selector as JsonObject, podLabels)).toBe(true);
    const autoscaler = named(objects, 'HorizontalPodAutoscaler', service).spec as { scaleTargetRef: JsonObject; minReplicas: number; maxReplicas: number };
    expect(autoscaler.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: service });
    expect(autoscaler.minReplicas).toBeGreaterThanOrEqual(1);
    expect(autoscaler.maxReplicas).toBeGreaterThanOrEqual(autoscaler.minReplicas);
    expect((deployment.spec as JsonObject).replicas).toBeUndefined();
  });

  it.each(SERVICES)('%s migrates in a Job whose pods no Service, budget or autoscaler counts, and its replicas do not migrate', (service) => {
    const job = named(objects, 'Job', `${service}-migrate`);
    const jobPod = podLabelsOf(job);
    expect(podSpecOf(job).restartPolicy).toBe('Never');
    expect(containersOf(job).map((container) => container.image)).toEqual(containersOf(named(objects, 'Deployment', service)).map((container) => container.image));
    expect(labelSelectorMatches({ matchLabels: (named(objects, 'Service', service).spec as JsonObject).selector as JsonObject }, jobPod)).toBe(false);
    expect(labelSelectorMatches((named(objects, 'PodDisruptionBudget', service).spec as JsonObject).selector as JsonObject, jobPod)).toBe(false);
    expect((named(objects, 'ConfigMap', `${service}-config`).data as Record<string, string>).MIGRATIONS_RUN).toBe('false');
  });

  it("lets deploy/README.md apply everything but the Deployments first with `-l 'app.kubernetes.io/component notin (server)'`", () => {
    const servers = objects.filter((object) => object.metadata.labels?.['app.kubernetes.io/component'] === 'server');
    expect(servers.map((object) => object.kind)).toEqual(deployments.map(() => 'Deployment'));
    expect(servers).toHaveLength(deployments.length);
  });

  it('every Service port targets a port its pods declare', () => {
    for (const service of ofKind(objects, 'Service')) {
      const spec = service.spec as { selector: Record<string, string>; ports: Array<{ name: string; targetPort: string | number }> };
      const pods = deployments.filter((deployment) => labelSelectorMatches({ matchLabels: spec.selector }, podLabelsOf(deployment)));
      expect({ service: service.metadata.name, pods: pods.length }).toEqual({ service: service.metadata.name, pods: 1 });
      for (const port of spec.ports) expect({ service: service.metadata.name, port: port.name, declared: containerPort(containersOf(pods[0]!)[0]!, port.targetPort) !== undefined }).toMatchObject({ declared: true });
    }
  });
});
