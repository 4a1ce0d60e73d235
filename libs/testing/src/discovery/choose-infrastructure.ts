export type ProbeResult = { reachable: true } | { reachable: false; failure: string };

/** What was learnt about one kind of server before deciding where tests should find it. */
export interface ServiceProbe {
  /** Human name for messages, e.g. "PostgreSQL". */
  service: string;
  envVariable: string;
  /** The URL from `envVariable`, when it is set. */
  envUrl: string | undefined;
  localUrl: string;
  /** Whether the env URL (when set) or else the local URL answered a protocol probe. */
  reachable: boolean;
  /** Why the probe failed, when it did. */
  failure?: string;
}

export interface InfrastructureProbes {
  database: ServiceProbe;
  amqp: ServiceProbe;
  /** Only probed when some service needs a container; undefined means "not asked". */
  docker: ProbeResult | undefined;
}

export type ServicePlan = { source: 'env' | 'local'; url: string } | { source: 'container' };

export type InfrastructureDecision =
  | { ok: true; database: ServicePlan; amqp: ServicePlan }
  | { ok: false; message: string };

/** Decides, per service: the env URL if set, else a local server that answered, else a testcontainer. */
export function chooseInfrastructure(probes: InfrastructureProbes): InfrastructureDecision {
  const services = [probes.database, probes.amqp];
  const problems = services.flatMap((probe) => problemWith(probe, probes.docker));
  if (problems.length > 0) return { ok: false, message: failureMessage(problems, services) };
  return { ok: true, database: planFor(probes.database), amqp: planFor(probes.amqp) };
}

/** Whether this service would need a container, i.e. whether Docker must be probed at all. */
export function needsContainer(probe: ServiceProbe): boolean {
  return probe.envUrl === undefined && !probe.reachable;
}

function planFor(probe: ServiceProbe): ServicePlan {
  if (probe.envUrl !== undefined) return { source: 'env', url: probe.envUrl };
  if (probe.reachable) return { source: 'local', url: probe.localUrl };
  return { source: 'container' };
}

function problemWith(probe: ServiceProbe, docker: ProbeResult | undefined): string[] {
  const reason = probe.failure ? ` (${probe.failure})` : '';
  if (probe.envUrl !== undefined) {
    if (probe.reachable) return [];
    const url = redactPassword(probe.envUrl);
    return [`${probe.envVariable} is set to ${url} but ${probe.service} did not answer there${reason}.`];
  }
  if (probe.reachable || docker?.reachable === true) return [];
  const url = redactPassword(probe.localUrl);
  const dockerReason = docker?.reachable === false ? ` (${docker.failure})` : '';
  return [
    `No ${probe.service} answered at ${url}${reason} and testcontainers found no Docker engine${dockerReason}.`,
  ];
}

function failureMessage(problems: string[], services: ServiceProbe[]): string {
  const variables = services.map((probe) => probe.envVariable).join(' / ');
  const locals = services.map((probe) => `${probe.service} at ${redactPassword(probe.localUrl)}`).join(', ');
  return [
    'Integration tests cannot reach their infrastructure:',
    ...problems.map((problem) => `  - ${problem}`),
    'Provide it in one of three ways:',
    `  1. set ${variables} to reachable servers;`,
    `  2. run local services: ${locals};`,
    '  3. make a Docker engine reachable so testcontainers can start them.',
  ].join('\n');
}

export function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}
