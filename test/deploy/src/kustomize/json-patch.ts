import { isJsonObject } from './kube-object';

export interface JsonPatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

/** RFC 6902 `add`, `replace` and `remove` (the operations kustomize's JSON patches use here). */
export function applyJsonPatch<T>(document: T, operations: readonly JsonPatchOperation[]): T {
  const copy = structuredClone(document);
  for (const operation of operations) applyOperation(copy, operation);
  return copy;
}

function applyOperation(document: unknown, operation: JsonPatchOperation): void {
  if (!['add', 'replace', 'remove'].includes(operation.op)) throw new Error(`JSON patch op "${operation.op}" is not supported by this renderer`);
  const segments = parsePointer(operation.path);
  const last = segments.pop();
  if (last === undefined) throw new Error('a JSON patch cannot replace the whole document');
  const parent = segments.reduce((node, segment) => childOf(node, segment, operation.path), document);
  if (Array.isArray(parent)) return patchArray(parent, last, operation);
  if (!isJsonObject(parent)) throw new Error(`${operation.path}: parent is not a container`);
  if (operation.op !== 'add' && !(last in parent)) throw new Error(`${operation.path}: nothing to ${operation.op}`);
  if (operation.op === 'remove') delete parent[last];
  else parent[last] = operation.value;
}

function patchArray(parent: unknown[], last: string, operation: JsonPatchOperation): void {
  const index = last === '-' ? parent.length : Number(last);
  const limit = operation.op === 'add' ? parent.length : parent.length - 1;
  if (!Number.isInteger(index) || index < 0 || index > limit) throw new Error(`${operation.path}: index out of range`);
  if (operation.op === 'add') parent.splice(index, 0, operation.value);
  else if (operation.op === 'replace') parent[index] = operation.value;
  else parent.splice(index, 1);
}

function childOf(node: unknown, segment: string, path: string): unknown {
  const child = Array.isArray(node) ? node[Number(segment)] : isJsonObject(node) ? node[segment] : undefined;
  if (child === undefined) throw new Error(`${path}: "${segment}" does not exist`);
  return child;
}

function parsePointer(pointer: string): string[] {
  if (!pointer.startsWith('/')) throw new Error(`"${pointer}" is not a JSON pointer`);
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}
