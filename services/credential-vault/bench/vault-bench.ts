// npm run bench:vault [-- --concurrency 32 --rounds 3 --duration-s 5 --warmup-s 2 --channels 200 --connections 4 --log-level info --access-log warn --cpu-prof <dir>]
//
// GetChannelCredentials throughput and latency at N concurrent callers against the real vault
// (auth, per-call log line, decryption, audit row per read) on PostgreSQL, compared with a bare
// grpc-js unary echo server measured in the same run with the same client stack. Both servers run
// in their own process; the load generator runs here. Rounds alternate echo and vault so both
// see the same background load; medians are reported, plus each server's CPU time per call.
// Needs PostgreSQL (BENCH_DATABASE_URL, TEST_DATABASE_URL, or postgres://postgres@127.0.0.1:5432/postgres); not RabbitMQ.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createGrpcClient, hashToken, loadProtoPackage } from '@chatpilot/grpc';
import type { ProtoGrpcType as PingProto } from '@chatpilot/grpc/src/generated/ping';
import type { ProtoGrpcType as VaultProto } from '@chatpilot/grpc/src/generated/vault';
import { Client } from 'pg';
import { startBenchServer, type BenchServer } from './bench-server';
import { postgresCpuMicros } from './postgres-cpu';
import { runClosedLoop, type LoadResult } from './closed-loop-load';
import { printReport, type Measurement } from './report';

const options = parseArgs({
  options: {
    concurrency: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '3' },
    'duration-s': { type: 'string', default: '5' },
    'warmup-s': { type: 'string', default: '2' },
    channels: { type: 'string', default: '200' },
    connections: { type: 'string', default: '4' },
    'log-level': { type: 'string', default: 'info' },
    /** GRPC_ACCESS_LOG_LEVEL of the vault: warn (its default) or info (one line per call). */
    'access-log': { type: 'string', default: 'warn' },
    /** Writes a V8 CPU profile of the vault process into this directory. */
    'cpu-prof': { type: 'string' },
  },
}).values;
const settings = {
  concurrency: Number(options.concurrency),
  rounds: Number(options.rounds),
  durationMs: Number(options['duration-s']) * 1000,
  warmupMs: Number(options['warmup-s']) * 1000,
  channels: Number(options.channels),
  connections: Number(options.connections),
  logLevel: options['log-level'],
  accessLogLevel: options['access-log'],
};
const SENDER_TOKEN = randomBytes(16).toString('hex');
const ADMIN_TOKEN = randomBytes(16).toString('hex');
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

type Call = (caller: number, sequence: number) => Promise<unknown>;

async function main(): Promise<void> {
  const database = `vault_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${database}"`);
  const servers: BenchServer[] = [];
  try {
    const echo = await startBenchServer('echo-server.js', {}, servers);
    const profiling = options['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', options['cpu-prof']] : [];
    const vault = await startBenchServer('vault-server.js', vaultEnvironment(databaseUrl(database)), servers, profiling);
    await seedChannels(vault.address);
    const echoLoad = echoCalls(echo.address);
    const vaultLoad = vaultCalls(vault.address);
    const measurements = { echo: [] as Measurement[], vault: [] as Measurement[] };
    await runClosedLoop(settings.concurrency, settings.warmupMs, echoLoad.call);
    await runClosedLoop(settings.concurrency, settings.warmupMs, vaultLoad.call);
    const postgresCpu = () => postgresCpuMicros(serverUrl, database);
    for (let round = 0; round < settings.rounds; round += 1) {
      measurements.echo.push(await measure(echo, echoLoad.call));
      measurements.vault.push(await measure(vault, vaultLoad.call, postgresCpu));
    }
    echoLoad.close();
    vaultLoad.close();
    printReport(settings, measurements, await countAuditRows(databaseUrl(database)));
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }
}

async function measure(server: BenchServer, call: Call, postgresCpu?: () => Promise<number | undefined>): Promise<Measurement> {
  const [cpuBefore, postgresBefore] = [await server.cpuUsage(), await postgresCpu?.()];
  const clientBefore = process.cpuUsage();
  const load: LoadResult = await runClosedLoop(settings.concurrency, settings.durationMs, call);
  const clientCpu = process.cpuUsage(clientBefore);
  const [cpuAfter, postgresAfter] = [await server.cpuUsage(), await postgresCpu?.()];
  const calls = Math.max(1, load.calls + load.errors);
  const cpuMicros = cpuAfter.user - cpuBefore.user + (cpuAfter.system - cpuBefore.system);
  const postgresMicros = postgresBefore === undefined || postgresAfter === undefined ? undefined : postgresAfter - postgresBefore;
  return {
    ...load,
    serverCpuMicrosPerCall: cpuMicros / calls,
    clientCpuMicrosPerCall: (clientCpu.user + clientCpu.system) / calls,
    ...(postgresMicros === undefined ? {} : { postgresCpuMicrosPerCall: postgresMicros / calls }),
  };
}

function echoCalls(address: string): { call: Call; close(): void } {
  const { PingService } = loadProtoPackage<PingProto>('chatpilot/ping/v1/ping.proto').chatpilot.ping.v1;
  const clients = Array.from({ length: settings.connections }, () => createGrpcClient(PingService, { address }));
  return {
    call: (caller) => clients[caller % settings.connections]!.unary('Ping', { message: 'bench-channel-00001' }),
    close: () => clients.forEach((client) => client.close()),
  };
}

function vaultCalls(address: string): { call: Call; close(): void } {
  const { CredentialVault } = loadProtoPackage<VaultProto>('chatpilot/vault/v1/vault.proto').chatpilot.vault.v1;
  const clients = Array.from({ length: settings.connections }, () => createGrpcClient(CredentialVault, { address, token: SENDER_TOKEN }));
  return {
    call: (caller, sequence) => clients[caller % settings.connections]!.unary('GetChannelCredentials', { channel_id: channelId((caller * 31 + sequence) % settings.channels) }),
    close: () => clients.forEach((client) => client.close()),
  };
}

async function seedChannels(address: string): Promise<void> {
  const { CredentialVault } = loadProtoPackage<VaultProto>('chatpilot/vault/v1/vault.proto').chatpilot.vault.v1;
  const admin = createGrpcClient(CredentialVault, { address, token: ADMIN_TOKEN });
  try {
    for (let index = 0; index < settings.channels; index += 1) {
      const apiKey = randomBytes(24).toString('base64url');
      await admin.unary('StoreChannelKey', { tenant_id: 'tenant-bench', channel_id: channelId(index), api_key: apiKey, address: 'https://waba-v2.360dialog.io' });
    }
  } finally {
    admin.close();
  }
}

function vaultEnvironment(url: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: url,
    AMQP_URL: 'amqp://unused.invalid',
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    LOG_LEVEL: settings.logLevel,
    GRPC_ACCESS_LOG_LEVEL: settings.accessLogLevel,
    CREDENTIAL_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    VAULT_CALLERS: `messaging-sender:${hashToken(SENDER_TOKEN)},admin:${hashToken(ADMIN_TOKEN)}`,
    DIALOG360_PARTNER_ID: 'benchPA',
    DIALOG360_PARTNER_API_KEY: 'unused',
  };
}

function channelId(index: number): string {
  return `bench-channel-${String(index).padStart(5, '0')}`;
}

function databaseUrl(database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function countAuditRows(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ count: number }>(`SELECT count(*)::integer AS count FROM vault_audit_log WHERE method = 'GetChannelCredentials' AND outcome = 'OK'`);
    return result.rows[0]?.count ?? 0;
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
