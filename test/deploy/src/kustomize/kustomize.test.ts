import * as path from 'node:path';
import { renderKustomization, type ManifestSource } from './kustomize';
import { splitImage } from './transformers';

function memorySource(files: Record<string, string>): ManifestSource {
  return {
    read: (file) => {
      const text = files[path.normalize(file)];
      if (text === undefined) throw new Error(`no such file ${file}`);
      return text;
    },
    isDirectory: (file) => Object.keys(files).some((name) => name.startsWith(`${path.normalize(file)}/`)),
  };
}

const deployment = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: { app: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: example/web
          env:
            - { name: A, value: "1" }
            - { name: B, value: "2" }
          resources: { requests: { cpu: 100m }, limits: { cpu: 200m } }
        - name: sidecar
          image: example/sidecar:1.0
`;

const base = {
  'base/kustomization.yaml': 'resources: [deployment.yaml, extra]\nlabels:\n  - pairs: { part-of: shop }\n    includeTemplates: true\n',
  'base/deployment.yaml': deployment,
  'base/extra/kustomization.yaml': 'resources: [config.yaml]\n',
  'base/extra/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: web-config }\ndata: { LEVEL: info }\n---\napiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n',
};

function render(files: Record<string, string>, directory = 'overlay') {
  return renderKustomization(directory, memorySource({ ...base, ...files }));
}

describe('the kustomize renderer', () => {
  it('collects files and nested kustomizations and applies labels to metadata and pod templates', () => {
    const objects = renderKustomization('base', memorySource(base));
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual(['Deployment/web', 'ConfigMap/web-config', 'Namespace/shop']);
    const web = objects[0] as unknown as { metadata: { labels: object }; spec: { selector: object; template: { metadata: { labels: object } } } };
    expect(web.metadata.labels).toEqual({ app: 'web', 'part-of': 'shop' });
    expect(web.spec.template.metadata.labels).toEqual({ app: 'web', 'part-of': 'shop' });
    expect(web.spec.selector).toEqual({ matchLabels: { app: 'web' } });
  });

  it('sets the namespace on namespaced objects only', () => {
    const objects = render({ 'overlay/kustomization.yaml': 'resources: [../base]\nnamespace: prod\n' });
    expect(objects.map((object) => object.metadata.namespace)).toEqual(['prod', 'prod', undefined]);
  });

  it('merges a strategic merge patch: keyed lists by name, other values replaced, null deletes', () => {
    const patch = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      containers:
        - name: web
          env: [{ name: B, value: "20" }, { name: C, value: "3" }]
          resources: { limits: null, requests: { memory: 64Mi } }
`;
    const [web] = render({ 'overlay/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: patch.yaml\n', 'overlay/patch.yaml': patch });
    const containers = (web as unknown as { spec: { template: { spec: { containers: Array<{ name: string; env?: unknown; resources?: unknown }> } } } }).spec.template.spec.containers;
    expect(containers.map((container) => container.name)).toEqual(['web', 'sidecar']);
    expect(containers[0]!.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '20' },
      { name: 'C', value: '3' },
    ]);
    expect(containers[0]!.resources).toEqual({ requests: { cpu: '100m', memory: '64Mi' } });
  });

  it('applies an inline JSON 6902 patch to every resource its target selects', () => {
    const kustomization = `
resources: [../base]
patches:
  - target: { kind: ConfigMap, labelSelector: part-of=shop }
    patch: |-
      - { op: replace, path: /data/LEVEL, value: debug }
      - { op: add, path: /data/EXTRA, value: "yes" }
`;
    const config = render({ 'overlay/kustomization.yaml': kustomization }).find((object) => object.kind === 'ConfigMap');
    expect(config?.data).toEqual({ LEVEL: 'debug', EXTRA: 'yes' });
  });

  it('rewrites images by name, keeping other containers as they are', () => {
    const kustomization = 'resources: [../base]\nimages:\n  - { name: example/web, newName: registry.test/web, newTag: "2.1" }\n';
    const [web] = render({ 'overlay/kustomization.yaml': kustomization });
    const images = (web as unknown as { spec: { template: { spec: { containers: Array<{ image: string }> } } } }).spec.template.spec.containers.map((c) => c.image);
    expect(images).toEqual(['registry.test/web:2.1', 'example/sidecar:1.0']);
  });

  it('refuses what it does not implement, patches that match nothing, and duplicate resources', () => {
    expect(() => render({ 'overlay/kustomization.yaml': 'resources: [../base]\nnamePrefix: x-\n' })).toThrow(/unsupported kustomization field\(s\) namePrefix/);
    expect(() => render({ 'overlay/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: p.yaml\n', 'overlay/p.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: nope }\n' })).toThrow(
      /matches no resource/,
    );
    expect(() => render({ 'overlay/kustomization.yaml': 'resources: [../base, ../base/deployment.yaml]\n' })).toThrow(/Deployment\/~\/web is defined twice/);
    expect(() => render({ 'overlay/kustomization.yaml': 'resources: [../base]\nlabels:\n  - pairs: { a: b }\n    includeSelectors: true\n' })).toThrow(/includeSelectors/);
  });

  it('splits image references with registry ports, tags and digests', () => {
    expect(splitImage('registry:5000/org/app')).toEqual({ name: 'registry:5000/org/app' });
    expect(splitImage('registry:5000/org/app:1.2')).toEqual({ name: 'registry:5000/org/app', tag: '1.2' });
    expect(splitImage('app:1.2@sha256:abc')).toEqual({ name: 'app', tag: '1.2', digest: 'sha256:abc' });
  });
});
