/** The parts of a Kubernetes object the renderer and the tests look at; everything else is passed through. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function idOf(object: KubeObject): string {
  return `${object.kind}/${object.metadata.namespace ?? '~'}/${object.metadata.name}`;
}

export function asKubeObject(value: unknown, origin: string): KubeObject {
  if (!isJsonObject(value)) throw new Error(`${origin}: a manifest must be a mapping`);
  const { apiVersion, kind, metadata } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') throw new Error(`${origin}: apiVersion and kind are required`);
  if (!isJsonObject(metadata) || typeof metadata.name !== 'string') throw new Error(`${origin}: ${kind} needs metadata.name`);
  return value as KubeObject;
}
