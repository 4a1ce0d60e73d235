import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { idOf } from '../kustomize/kube-object';
import { splitImage } from '../kustomize/transformers';
import { REPO_ROOT } from '../repo';
import { schemaProblems } from './kubernetes-schema';
import { containersOf, isWorkload, manifestFiles, OVERLAYS, render } from './manifests';

describe('the Kubernetes manifests under k8s/', () => {
  it.each(manifestFiles().map((file) => path.relative(REPO_ROOT, file)))('%s is valid YAML', (file) => {
    const documents = parseAllDocuments(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
    expect(documents.flatMap((document) => document.errors.map((error) => error.message))).toEqual([]);
  });

  it.each(['base' as const, ...OVERLAYS.map((overlay) => `overlays/${overlay}` as const)])('k8s/%s renders and every object validates against the Kubernetes schema', (target) => {
    const objects = render(target);
    expect(objects.length).toBeGreaterThan(0);
    const problems = objects.flatMap((object) => schemaProblems(object).map((problem) => `${idOf(object)}: ${problem}`));
    expect(problems).toEqual([]);
  });

  it('the schema check itself rejects what Kubernetes would reject', () => {
    const deployment = structuredClone(render('base').find((object) => object.kind === 'Deployment')!);
    ((deployment.spec as { template: { spec: { containers: Array<{ readinessProbe: unknown }> } } }).template.spec.containers[0]!).readinessProbe = { grpc: { port: 'grpc' } };
    expect(schemaProblems(deployment)).toEqual([expect.stringContaining('readinessProbe/grpc/port must be integer')]);
    expect(schemaProblems({ apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'old' } })).toEqual([expect.stringContaining('is not a kind')]);
  });

  it.each(OVERLAYS)('the %s overlay puts every namespaced object into the namespace it creates', (overlay) => {
    const objects = render(`overlays/${overlay}`);
    const namespaces = objects.filter((object) => object.kind === 'Namespace').map((object) => object.metadata.name);
    expect(namespaces).toHaveLength(1);
    const outside = objects.filter((object) => object.kind !== 'Namespace' && object.metadata.namespace !== namespaces[0]);
    expect(outside.map(idOf)).toEqual([]);
  });

  it.each(OVERLAYS)('the %s overlay leaves no base placeholder unset', (overlay) => {
    expect(JSON.stringify(render(`overlays/${overlay}`))).not.toContain('set-per-environment');
  });

  it.each(OVERLAYS)('the %s overlay runs only tagged images, never :latest', (overlay) => {
    const images = render(`overlays/${overlay}`)
      .filter(isWorkload)
      .flatMap(containersOf)
      .map((container) => container.image ?? '');
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      const { tag, digest } = splitImage(image);
      expect({ image, pinned: (tag !== undefined && tag !== 'latest') || digest !== undefined }).toEqual({ image, pinned: true });
    }
  });

  it('production images come from the release registry, not the development tag', () => {
    const images = render('overlays/prod').filter(isWorkload).flatMap(containersOf).map((container) => container.image ?? '');
    for (const image of images) expect(image).toMatch(/^registry\.chatpilot\.example\/chatpilot\/[a-z-]+:\d+\.\d+\.\d+$/);
  });
});
