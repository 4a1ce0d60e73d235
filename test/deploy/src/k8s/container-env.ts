import type { Env } from '@chatpilot/config';
import type { JsonObject, KubeObject } from '../kustomize/kube-object';
import type { Container } from './manifests';

type KeyRef = { name: string; key: string; optional?: boolean };

/** The environment a container would see, resolved from the rendered ConfigMaps and Secrets like the kubelet does. */
export function resolveContainerEnv(container: Container, objects: readonly KubeObject[]): Env {
  const env: Record<string, string | undefined> = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) Object.assign(env, dataOf(objects, 'ConfigMap', source.configMapRef.name));
    if (source.secretRef) Object.assign(env, dataOf(objects, 'Secret', source.secretRef.name));
  }
  for (const variable of container.env ?? []) env[variable.name] = variable.value ?? valueFrom(variable.valueFrom, objects);
  return env;
}

/** Names of the ConfigMaps and Secrets a container reads. */
export function referencedSources(container: Container): Array<{ kind: 'ConfigMap' | 'Secret'; name: string; optional: boolean }> {
  const fromEnvFrom = (container.envFrom ?? []).flatMap((source) => [
    ...(source.configMapRef ? [{ kind: 'ConfigMap' as const, name: source.configMapRef.name, optional: false }] : []),
    ...(source.secretRef ? [{ kind: 'Secret' as const, name: source.secretRef.name, optional: false }] : []),
  ]);
  const fromEnv = (container.env ?? []).flatMap((variable) => {
    const config = variable.valueFrom?.configMapKeyRef as KeyRef | undefined;
    const secret = variable.valueFrom?.secretKeyRef as KeyRef | undefined;
    return [
      ...(config ? [{ kind: 'ConfigMap' as const, name: config.name, optional: config.optional === true }] : []),
      ...(secret ? [{ kind: 'Secret' as const, name: secret.name, optional: secret.optional === true }] : []),
    ];
  });
  return [...fromEnvFrom, ...fromEnv];
}

function valueFrom(source: JsonObject | undefined, objects: readonly KubeObject[]): string | undefined {
  const config = source?.configMapKeyRef as KeyRef | undefined;
  const secret = source?.secretKeyRef as KeyRef | undefined;
  const reference = config ?? secret;
  if (reference === undefined) return undefined;
  const value = dataOf(objects, config ? 'ConfigMap' : 'Secret', reference.name)[reference.key];
  if (value === undefined && !reference.optional) throw new Error(`${reference.name} has no key ${reference.key}`);
  return value;
}

function dataOf(objects: readonly KubeObject[], kind: 'ConfigMap' | 'Secret', name: string): Record<string, string> {
  const object = objects.find((candidate) => candidate.kind === kind && candidate.metadata.name === name);
  if (object === undefined) throw new Error(`${kind}/${name} is not rendered`);
  const encoded = Object.fromEntries(Object.entries((object.data as Record<string, string> | undefined) ?? {}).map(([key, value]) => [key, kind === 'Secret' ? Buffer.from(value, 'base64').toString('utf8') : value]));
  return { ...encoded, ...((object.stringData as Record<string, string> | undefined) ?? {}) };
}
