import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import { ENCRYPTION_KEY_VARIABLES, readRepoFile, SERVICES } from '../repo';
import { configProblems } from '../service-configs';
import { containerEnv, loadComposeFile, loadEnvExample } from './compose-file';
import { referencedVariables } from './interpolation';

const compose = loadComposeFile();
const variables = loadEnvExample();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const envOf = (service: string) => containerEnv(compose.services[service]!, variables);

/** The init script's `create_service_database <name> <PASSWORD_VARIABLE>` lines. */
const initDatabases = [...readRepoFile('deploy', 'postgres-init', '10-create-service-databases.sh').matchAll(/^create_service_database (\S+) (\S+)$/gm)].map((match) => ({
  name: match[1]!,
  passwordVariable: match[2]!,
}));

describe('docker-compose.yml', () => {
  it('runs PostgreSQL, RabbitMQ with its management UI, a migration step and the four services, and the sandbox in the dev profile', () => {
    const names = Object.keys(compose.services);
    expect(names).toEqual(expect.arrayContaining(['postgres', 'rabbitmq', ...SERVICES, ...SERVICES.map((service) => `${service}-migrate`), 'd360-sandbox']));
    expect(compose.services.rabbitmq?.image).toMatch(/^rabbitmq:3-management/);
    expect(compose.services['d360-sandbox']?.profiles).toEqual(['dev']);
    expect(names.filter((name) => compose.services[name]?.profiles === undefined && name.includes('sandbox'))).toEqual([]);
  });

  it('is strict YAML: no duplicate keys, merge keys resolve', () => {
    expect(() => parse(readRepoFile('docker-compose.yml'), { merge: true, strict: true, uniqueKeys: true })).not.toThrow();
  });

  it('takes every variable it interpolates from .env.example, unless it has a default', () => {
    const referenced = referencedVariables(readRepoFile('docker-compose.yml'));
    expect(referenced.filter((variable) => !variable.hasDefault && !(variable.name in variables)).map((variable) => variable.name)).toEqual([]);
  });

  it('gives the encryption key to credential-vault alone, and never through an env_file', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect({ name, envFile: service.env_file }).toEqual({ name, envFile: undefined });
      if (name === 'credential-vault') continue;
      const declared = JSON.stringify(service.environment ?? {});
      expect({ name, mentions: ENCRYPTION_KEY_VARIABLES.filter((variable) => declared.includes(variable)) }).toEqual({ name, mentions: [] });
      expect(Object.values(envOf(name))).not.toContain(variables.CREDENTIAL_ENCRYPTION_KEY);
    }
    expect(envOf('credential-vault').CREDENTIAL_ENCRYPTION_KEY).toBe(variables.CREDENTIAL_ENCRYPTION_KEY);
  });

  it.each(SERVICES)("gives %s an environment its own config schema accepts, with migrations left to the migration step", (service) => {
    const env = envOf(service);
    expect(configProblems(service, env)).toEqual([]);
    expect(env.MIGRATIONS_RUN).toBe('false');
    expect(compose.services[service]?.depends_on?.[`${service}-migrate`]).toEqual({ condition: 'service_completed_successfully' });
  });

  it('gives the sandbox an environment its config schema accepts, with the credentials the services use', () => {
    const env = envOf('d360-sandbox');
    expect(configProblems('d360-sandbox', env)).toEqual([]);
    expect(env.SANDBOX_PARTNER_API_KEY).toBe(envOf('credential-vault').DIALOG360_PARTNER_API_KEY);
    expect(env.SANDBOX_PLATFORM_SECRET).toBe(envOf('webhook-ingest').DIALOG360_WEBHOOK_SECRET);
    expect(env.SANDBOX_PARTNER_ID).toBe(envOf('channel-registry').DIALOG360_PARTNER_ID);
  });

  it.each(SERVICES)('migrates %s with its own image and nothing but its database', (service) => {
    const migrate = compose.services[`${service}-migrate`]!;
    expect(migrate.command).toEqual(['node', '/app/migrate.js']);
    expect(migrate.image).toBe(compose.services[service]?.image);
    expect(migrate.build?.args?.SERVICE).toBe(service);
    expect(Object.keys(envOf(`${service}-migrate`)).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL']);
    expect(envOf(`${service}-migrate`).DATABASE_URL).toBe(envOf(service).DATABASE_URL);
  });

  it('connects each service to its own database as its own role, both created by the PostgreSQL init script', () => {
    const postgres = containerEnv(compose.services.postgres!, variables);
    const databases = SERVICES.map((service) => new URL(envOf(service).DATABASE_URL!));
    expect(new Set(databases.map((url) => url.pathname)).size).toBe(SERVICES.length);
    for (const url of databases) {
      const database = initDatabases.find((candidate) => `/${candidate.name}` === url.pathname);
      expect({ database: url.pathname, created: database !== undefined }).toEqual({ database: url.pathname, created: true });
      expect(url.username).toBe(database!.name);
      expect(decodeURIComponent(url.password)).toBe(postgres[database!.passwordVariable]);
    }
  });

  it("lists every gRPC client's token among the server's callers under the client's name", () => {
    const onboarding = envOf('onboarding');
    const vaultCallers = envOf('credential-vault').VAULT_CALLERS!.split(',');
    const registryCallers = envOf('channel-registry').REGISTRY_CALLERS!.split(',');
    expect(vaultCallers).toContain(`onboarding:${sha256(onboarding.CREDENTIAL_VAULT_TOKEN!)}`);
    expect(registryCallers).toContain(`onboarding:${sha256(onboarding.CHANNEL_REGISTRY_TOKEN!)}`);
    expect(vaultCallers).toContain(`messaging-sender:${sha256(variables.MESSAGING_SENDER_VAULT_TOKEN!)}`);
    expect(registryCallers).toContain(`messaging-sender:${sha256(variables.MESSAGING_SENDER_REGISTRY_TOKEN!)}`);
  });

  it('builds every image from the one Dockerfile and publishes ports on loopback only', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (service.build) expect({ name, dockerfile: service.build.dockerfile, context: service.build.context }).toEqual({ name, dockerfile: 'deploy/docker/Dockerfile', context: '.' });
      for (const port of service.ports ?? []) expect({ name, port }).toEqual({ name, port: expect.stringMatching(/^127\.0\.0\.1:/) });
    }
  });

  it('runs our containers with a read-only root filesystem and no capabilities', () => {
    for (const name of [...SERVICES, ...SERVICES.map((service) => `${service}-migrate`), 'd360-sandbox']) {
      expect({ name, readOnly: compose.services[name]?.read_only, capDrop: compose.services[name]?.cap_drop }).toEqual({ name, readOnly: true, capDrop: ['ALL'] });
    }
  });
});
