import * as fs from 'node:fs';
import * as path from 'node:path';
import { isJsonObject, type JsonObject, type KubeObject } from '../kustomize/kube-object';
import { renderKustomization } from '../kustomize/kustomize';
import { podTemplatesOf } from '../kustomize/transformers';
import { repoPath } from '../repo';

export const OVERLAYS = ['dev', 'prod'] as const;
export type Overlay = (typeof OVERLAYS)[number];

const rendered = new Map<string, KubeObject[]>();

/** `kustomize build k8s/<target>`, once per test file. */
export function render(target: 'base' | `overlays/${Overlay}`): KubeObject[] {
  const cached = rendered.get(target) ?? renderKustomization(repoPath('k8s', target));
  rendered.set(target, cached);
  return cached;
}

/** Every YAML file under k8s/, relative to the repository root. */
export function manifestFiles(directory = repoPath('k8s')): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return manifestFiles(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

export function ofKind(objects: readonly KubeObject[], kind: string): KubeObject[] {
  return objects.filter((object) => object.kind === kind);
}

export function named(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (found === undefined) throw new Error(`${kind}/${name} is not rendered`);
  return found;
}

export interface Container extends JsonObject {
  name: string;
  image?: string;
  env?: Array<{ name: string; value?: string; valueFrom?: JsonObject }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
}

export function podSpecOf(workload: KubeObject): JsonObject {
  const [template] = podTemplatesOf(workload);
  if (template === undefined || !isJsonObject(template.spec)) throw new Error(`${workload.kind}/${workload.metadata.name} has no pod template`);
  return template.spec;
}

export function podLabelsOf(workload: KubeObject): Record<string, string> {
  const [template] = podTemplatesOf(workload);
  return ((template?.metadata as JsonObject | undefined)?.labels as Record<string, string> | undefined) ?? {};
}

export function containersOf(workload: KubeObject): Container[] {
  const spec = podSpecOf(workload);
  return [...((spec.containers as Container[] | undefined) ?? []), ...((spec.initContainers as Container[] | undefined) ?? [])];
}

export const isWorkload = (object: KubeObject): boolean => podTemplatesOf(object).length > 0;

export function labelSelectorMatches(selector: JsonObject | undefined, labels: Record<string, string>): boolean {
  if (selector === undefined) return false;
  const matchLabels = (selector.matchLabels as Record<string, string> | undefined) ?? {};
  const expressions = (selector.matchExpressions as Array<{ key: string; operator: string; values?: string[] }> | undefined) ?? [];
  return (
    Object.entries(matchLabels).every(([key, value]) => labels[key] === value) &&
    expressions.every((expression) => expressionMatches(expression, labels))
  );
}

function expressionMatches(expression: { key: string; operator: string; values?: string[] }, labels: Record<string, string>): boolean {
  const value = labels[expression.key];
  switch (expression.operator) {
    case 'In':
      return value !== undefined && (expression.values ?? []).includes(value);
    case 'NotIn':
      return value === undefined || !(expression.values ?? []).includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    default:
      throw new Error(`unknown selector operator ${expression.operator}`);
  }
}
