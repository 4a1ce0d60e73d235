import { isJsonObject, type JsonObject } from './kube-object';

/**
 * The lists Kubernetes merges item by item in a strategic merge patch (their `patchMergeKey`),
 * limited to the ones the overlays patch. Every other list is replaced whole, as Kubernetes does
 * for lists without a merge key.
 */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
};

/** Applies a strategic merge patch: mappings merge, `null` deletes, keyed lists merge by key. */
export function strategicMerge(target: JsonObject, patch: JsonObject, path = ''): JsonObject {
  const result: JsonObject = { ...target };
  for (const [key, patchValue] of Object.entries(patch)) {
    if (key.startsWith('$')) throw new Error(`strategic merge directive ${path}/${key} is not supported by this renderer`);
    const current = result[key];
    if (patchValue === null) {
      delete result[key];
    } else if (isJsonObject(patchValue) && isJsonObject(current)) {
      result[key] = strategicMerge(current, patchValue, `${path}/${key}`);
    } else if (Array.isArray(patchValue) && Array.isArray(current) && MERGE_KEYS[key] !== undefined) {
      result[key] = mergeKeyedList(current, patchValue, MERGE_KEYS[key], `${path}/${key}`);
    } else {
      result[key] = patchValue;
    }
  }
  return result;
}

function mergeKeyedList(current: unknown[], patch: unknown[], mergeKey: string, path: string): unknown[] {
  const merged = [...current];
  for (const patchItem of patch) {
    if (!isJsonObject(patchItem) || patchItem[mergeKey] === undefined) throw new Error(`${path}: every item needs its merge key "${mergeKey}"`);
    const index = merged.findIndex((item) => isJsonObject(item) && item[mergeKey] === patchItem[mergeKey]);
    if (index < 0) merged.push(patchItem);
    else merged[index] = strategicMerge(merged[index] as JsonObject, patchItem, `${path}[${String(patchItem[mergeKey])}]`);
  }
  return merged;
}
