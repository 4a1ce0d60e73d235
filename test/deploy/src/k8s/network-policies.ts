import type { JsonObject, KubeObject } from '../kustomize/kube-object';
import { labelSelectorMatches, ofKind } from './manifests';

export interface PolicyPeer {
  podSelector?: JsonObject;
  namespaceSelector?: JsonObject;
  ipBlock?: { cidr: string; except?: string[] };
}

interface PolicyPort {
  port?: number | string;
  protocol?: string;
}

interface PolicyRule {
  from?: PolicyPeer[];
  to?: PolicyPeer[];
  ports?: PolicyPort[];
}

interface PolicySpec {
  podSelector: JsonObject;
  policyTypes?: string[];
  ingress?: PolicyRule[];
  egress?: PolicyRule[];
}

/** One admitted connection: who (a readable peer) may connect on which port. */
export interface Admission {
  policy: string;
  peer: string;
  port: string;
}

const specOf = (policy: KubeObject) => policy.spec as PolicySpec;

/** The policies that apply to pods with these labels in the given direction. */
export function policiesFor(objects: readonly KubeObject[], podLabels: Record<string, string>, direction: 'Ingress' | 'Egress'): KubeObject[] {
  return ofKind(objects, 'NetworkPolicy').filter((policy) => {
    const spec = specOf(policy);
    const types = spec.policyTypes ?? (direction === 'Ingress' ? ['Ingress'] : spec.egress ? ['Egress'] : []);
    return types.includes(direction) && labelSelectorMatches(spec.podSelector, podLabels);
  });
}

/** Everything the union of policies admits for those pods; a rule without peers or ports reads as "anyone" / "any". */
export function admissions(objects: readonly KubeObject[], podLabels: Record<string, string>, direction: 'Ingress' | 'Egress'): Admission[] {
  return policiesFor(objects, podLabels, direction).flatMap((policy) => {
    const rules = (direction === 'Ingress' ? specOf(policy).ingress : specOf(policy).egress) ?? [];
    return rules.flatMap((rule) => {
      const peers = (direction === 'Ingress' ? rule.from : rule.to)?.map(describePeer) ?? ['anyone'];
      const ports = rule.ports?.map((port) => `${port.port ?? 'any'}/${port.protocol ?? 'TCP'}`) ?? ['any'];
      return peers.flatMap((peer) => ports.map((port) => ({ policy: policy.metadata.name, peer, port })));
    });
  });
}

export function isDefaultDeny(policy: KubeObject): boolean {
  const spec = specOf(policy);
  return (
    Object.keys(spec.podSelector).length === 0 &&
    ['Ingress', 'Egress'].every((type) => spec.policyTypes?.includes(type)) &&
    (spec.ingress ?? []).length === 0 &&
    (spec.egress ?? []).length === 0
  );
}

/** `pods{a=b}`, `namespaces{x=y} pods{a=b}`, `cidr 0.0.0.0/0 except …`: stable text to compare against. */
export function describePeer(peer: PolicyPeer): string {
  if (peer.ipBlock !== undefined) return `cidr ${peer.ipBlock.cidr}${peer.ipBlock.except ? ` except ${peer.ipBlock.except.join(',')}` : ''}`;
  const parts = [];
  if (peer.namespaceSelector !== undefined) parts.push(`namespaces${describeSelector(peer.namespaceSelector)}`);
  if (peer.podSelector !== undefined) parts.push(`pods${describeSelector(peer.podSelector)}`);
  return parts.join(' ');
}

function describeSelector(selector: JsonObject): string {
  const labels = Object.entries((selector.matchLabels as Record<string, string> | undefined) ?? {}).map(([key, value]) => `${key}=${value}`);
  const expressions = ((selector.matchExpressions as Array<{ key: string; operator: string; values?: string[] }> | undefined) ?? []).map(
    (expression) => `${expression.key} ${expression.operator} (${(expression.values ?? []).join(',')})`,
  );
  return `{${[...labels, ...expressions].join(',')}}`;
}
