import { isJsonObject, type JsonObject, type KubeObject } from './kube-object';

/** Kinds that live outside namespaces, so the namespace transformer leaves them alone. */
const CLUSTER_SCOPED_KINDS = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass', 'IngressClass', 'PriorityClass', 'CustomResourceDefinition']);

export function setNamespace(object: KubeObject, namespace: string): KubeObject {
  if (CLUSTER_SCOPED_KINDS.has(object.kind)) return object;
  return { ...object, metadata: { ...object.metadata, namespace } };
}

export interface LabelsEntry {
  pairs: Record<string, string>;
  includeSelectors?: boolean;
  includeTemplates?: boolean;
}

/** kustomize `labels:` without selectors: metadata, and pod templates when `includeTemplates`. */
export function addLabels(object: KubeObject, entry: LabelsEntry): KubeObject {
  if (entry.includeSelectors) throw new Error('labels with includeSelectors are not supported by this renderer (selectors are immutable; keep them explicit)');
  const labelled = structuredClone(object);
  labelled.metadata.labels = { ...labelled.metadata.labels, ...entry.pairs };
  if (entry.includeTemplates) {
    for (const template of podTemplatesOf(labelled)) {
      const metadata = isJsonObject(template.metadata) ? template.metadata : {};
      template.metadata = { ...metadata, labels: { ...(metadata.labels as Record<string, string> | undefined), ...entry.pairs } };
    }
  }
  return labelled;
}

export interface ImageEntry {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

/** kustomize `images:`: rewrites the name, tag or digest of every container using `name`. */
export function setImages(object: KubeObject, entries: readonly ImageEntry[]): KubeObject {
  const updated = structuredClone(object);
  for (const template of podTemplatesOf(updated)) {
    const spec = template.spec;
    if (!isJsonObject(spec)) continue;
    for (const container of [...listOf(spec.containers), ...listOf(spec.initContainers)]) {
      if (typeof container.image === 'string') container.image = rewriteImage(container.image, entries);
    }
  }
  return updated;
}

export function rewriteImage(image: string, entries: readonly ImageEntry[]): string {
  const { name, tag, digest } = splitImage(image);
  const entry = entries.find((candidate) => candidate.name === name);
  if (entry === undefined) return image;
  const newName = entry.newName ?? name;
  if (entry.digest !== undefined) return `${newName}@${entry.digest}`;
  if (entry.newTag !== undefined) return `${newName}:${entry.newTag}`;
  return `${newName}${tag === undefined ? '' : `:${tag}`}${digest === undefined ? '' : `@${digest}`}`;
}

/** `registry:5000/org/app:1.2@sha256:…` → name, tag and digest (a colon before the last slash is a port). */
export function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  const [withoutDigest = '', digest] = image.split('@');
  const tagSeparator = withoutDigest.lastIndexOf(':');
  const hasTag = tagSeparator > withoutDigest.lastIndexOf('/');
  return {
    name: hasTag ? withoutDigest.slice(0, tagSeparator) : withoutDigest,
    ...(hasTag ? { tag: withoutDigest.slice(tagSeparator + 1) } : {}),
    ...(digest === undefined ? {} : { digest }),
  };
}

/** The pod templates of workloads: spec.template, or spec.jobTemplate.spec.template for CronJobs. */
export function podTemplatesOf(object: KubeObject): JsonObject[] {
  const spec = object.spec;
  if (!isJsonObject(spec)) return [];
  if (isJsonObject(spec.template)) return [spec.template];
  if (isJsonObject(spec.jobTemplate) && isJsonObject(spec.jobTemplate.spec) && isJsonObject(spec.jobTemplate.spec.template)) {
    return [spec.jobTemplate.spec.template];
  }
  return [];
}

function listOf(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}
