// The migration step of docker-compose and of the Kubernetes migration Jobs: applies the image's
// service's pending migrations (under the advisory lock of @chatpilot/db), then exits 0; exits 1
// on failure. It needs DATABASE_URL (and LOG_LEVEL) only, never a service's secrets.
// Run from the service's folder in the image: `node /app/migrate.js`. migrations.json names each
// service's migration list; test/deploy checks that every entry exists in the service's sources.
const path = require('node:path');
const { createDataSource, ensureDatabaseExists, runMigrations } = require('@chatpilot/db');
const { createLogger } = require('@chatpilot/logger');
const MIGRATIONS = require('./migrations.json');

async function migrate(service, env) {
  const entry = MIGRATIONS[service];
  if (entry === undefined) throw new Error(`no migrations are known for SERVICE=${service}`);
  if (!/^postgres(ql)?:\/\//.test(env.DATABASE_URL ?? '')) throw new Error('DATABASE_URL must be a postgres:// URL');
  const logger = createLogger({ service: `${service}-migrate`, level: env.LOG_LEVEL || 'info' });
  const migrations = require(path.resolve(entry.module))[entry.export];
  await ensureDatabaseExists(env.DATABASE_URL);
  const dataSource = createDataSource({ url: env.DATABASE_URL, entities: [], migrations, logger, poolSize: 2, applicationName: `${service}-migrate` });
  await dataSource.initialize();
  try {
    await runMigrations(dataSource, { logger });
  } finally {
    await dataSource.destroy();
  }
}

migrate(process.env.SERVICE ?? '', process.env).then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`migrate: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
