import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { applyJsonPatch, type JsonPatchOperation } from './json-patch';
import { asKubeObject, idOf, isJsonObject, type KubeObject } from './kube-object';
import { strategicMerge } from './strategic-merge';
import { addLabels, setImages, setNamespace, type ImageEntry, type LabelsEntry } from './transformers';

/** Where the renderer reads files from: the real disk, or a map in the renderer's own tests. */
export interface ManifestSource {
  read(file: string): string;
  isDirectory(file: string): boolean;
}

export const diskSource: ManifestSource = {
  read: (file) => fs.readFileSync(file, 'utf8'),
  isDirectory: (file) => fs.existsSync(file) && fs.statSync(file).isDirectory(),
};

interface PatchTarget {
  kind?: string;
  name?: string;
  labelSelector?: string;
}

interface PatchEntry {
  path?: string;
  patch?: string;
  target?: PatchTarget;
}

interface Kustomization {
  resources?: string[];
  namespace?: string;
  labels?: LabelsEntry[];
  patches?: PatchEntry[];
  images?: ImageEntry[];
}

/** The kustomization fields this renderer implements; anything else is an error, never silently ignored. */
const SUPPORTED_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'labels', 'patches', 'images']);

/**
 * A small `kustomize build`: resources (files and nested kustomizations), patches (strategic
 * merge files, or inline JSON 6902 with a target), then namespace, labels and images — the
 * subset k8s/ uses. Resource ids must stay unique, as in kustomize.
 */
export function renderKustomization(directory: string, source: ManifestSource = diskSource): KubeObject[] {
  const kustomization = readKustomization(directory, source);
  let objects = (kustomization.resources ?? []).flatMap((resource) => loadResource(path.join(directory, resource), source));
  for (const entry of kustomization.patches ?? []) objects = applyPatchEntry(objects, entry, directory, source);
  const { namespace, labels = [], images = [] } = kustomization;
  if (namespace !== undefined) objects = objects.map((object) => setNamespace(object, namespace));
  for (const entry of labels) objects = objects.map((object) => addLabels(object, entry));
  if (images.length > 0) objects = objects.map((object) => setImages(object, images));
  assertUniqueIds(objects, directory);
  return objects;
}

export function parseManifests(text: string, origin: string): KubeObject[] {
  return parseAllDocuments(text).flatMap((document, index) => {
    if (document.errors.length > 0) throw new Error(`${origin} (document ${index + 1}): ${document.errors[0]!.message}`);
    const value: unknown = document.toJS();
    return value === null || value === undefined ? [] : [asKubeObject(value, `${origin} (document ${index + 1})`)];
  });
}

function readKustomization(directory: string, source: ManifestSource): Kustomization {
  const file = path.join(directory, 'kustomization.yaml');
  const [document] = parseAllDocuments(source.read(file));
  const value: unknown = document?.toJS();
  if (!isJsonObject(value)) throw new Error(`${file}: not a mapping`);
  const unsupported = Object.keys(value).filter((field) => !SUPPORTED_FIELDS.has(field));
  if (unsupported.length > 0) throw new Error(`${file}: unsupported kustomization field(s) ${unsupported.join(', ')}`);
  return value as Kustomization;
}

function loadResource(resource: string, source: ManifestSource): KubeObject[] {
  return source.isDirectory(resource) ? renderKustomization(resource, source) : parseManifests(source.read(resource), resource);
}

function applyPatchEntry(objects: KubeObject[], entry: PatchEntry, directory: string, source: ManifestSource): KubeObject[] {
  const origin = entry.path === undefined ? `${directory}: inline patch` : path.join(directory, entry.path);
  const text = entry.path === undefined ? entry.patch : source.read(path.join(directory, entry.path));
  if (text === undefined) throw new Error(`${origin}: a patch needs path or patch`);
  const documents = parseAllDocuments(text);
  if (documents.length !== 1) throw new Error(`${origin}: a patch file holds exactly one patch`);
  const parsed: unknown = documents[0]!.toJS();
  const matches = (object: KubeObject) => (Array.isArray(parsed) ? matchesTarget(object, entry.target) : matchesPatch(object, parsed, entry.target));
  if (!objects.some(matches)) throw new Error(`${origin}: the patch matches no resource`);
  return objects.map((object) => {
    if (!matches(object)) return object;
    if (Array.isArray(parsed)) return applyJsonPatch(object, parsed as JsonPatchOperation[]);
    return strategicMerge(object, withoutIdentity(parsed as KubeObject, entry.target)) as KubeObject;
  });
}

/** A strategic merge patch names its target itself unless the entry gives a target. */
function matchesPatch(object: KubeObject, patch: unknown, target: PatchTarget | undefined): boolean {
  if (target !== undefined) return matchesTarget(object, target);
  const { kind, metadata } = asKubeObject(patch, 'strategic merge patch');
  return object.kind === kind && object.metadata.name === metadata.name;
}

function matchesTarget(object: KubeObject, target: PatchTarget | undefined): boolean {
  if (target === undefined) throw new Error('a JSON 6902 patch needs a target');
  if (target.kind !== undefined && target.kind !== object.kind) return false;
  if (target.name !== undefined && target.name !== object.metadata.name) return false;
  return target.labelSelector === undefined || matchesLabelSelector(object.metadata.labels ?? {}, target.labelSelector);
}

/** Equality selectors only (`a=b,c=d`), the form the overlays use. */
function matchesLabelSelector(labels: Record<string, string>, selector: string): boolean {
  return selector.split(',').every((requirement) => {
    const [key, value] = requirement.split('=').map((part) => part.trim());
    if (key === undefined || value === undefined) throw new Error(`label selector "${selector}" is not of the form key=value`);
    return labels[key] === value;
  });
}

/** With an explicit target, the patch's own kind and name say nothing about where it applies. */
function withoutIdentity(patch: KubeObject, target: PatchTarget | undefined): KubeObject {
  if (target === undefined) return patch;
  const { name: _name, ...metadata } = patch.metadata;
  return { ...patch, metadata: metadata as KubeObject['metadata'] };
}

function assertUniqueIds(objects: readonly KubeObject[], directory: string): void {
  const seen = new Set<string>();
  for (const object of objects) {
    const id = idOf(object);
    if (seen.has(id)) throw new Error(`${directory}: ${id} is defined twice`);
    seen.add(id);
  }
}
