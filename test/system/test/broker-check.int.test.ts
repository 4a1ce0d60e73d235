import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, testInfrastructure } from '@chatpilot/testing';

import { assertBrokerAnswers } from '../src/cli/broker-check';
import { repoRoot } from '../src/processes';

describe('local mode checks RabbitMQ before it starts the services', () => {
  it('passes when the broker takes a connection', async () => {
    await expect(assertBrokerAnswers(testInfrastructure().amqpUrl)).resolves.toBeUndefined();
  });

  it('fails at once, naming AMQP_URL and not the password, when nothing listens', async () => {
    const url = `amqp://guest:not-for-logs@127.0.0.1:${await freePort()}`;
    const failure = assertBrokerAnswers(url);
    await expect(failure).rejects.toThrow(/^RabbitMQ did not take a connection at AMQP_URL: .*ECONNREFUSED/);
    await expect(failure).rejects.not.toThrow(/not-for-logs/);
  });

  it('gives up on a server that accepts the connection and never speaks AMQP', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as { port: number };
      await expect(assertBrokerAnswers(`amqp://127.0.0.1:${port}`, 300)).rejects.toThrow('RabbitMQ did not take a connection at AMQP_URL');
    } finally {
      silent.close();
    }
  });

  it('makes npm start --infra local end with that message instead of waiting for the services', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'chatpilot-broker-check-'));
    try {
      const amqpUrl = `amqp://guest:not-for-logs@127.0.0.1:${await freePort()}`;
      const run = spawnSync(process.execPath, [join(repoRoot(), 'test/system/dist/src/start.js'), '--infra', 'local', '--data-dir', dataDir, '--free-ports'], {
        encoding: 'utf8',
        env: { ...process.env, AMQP_URL: amqpUrl, DATABASE_URL: testInfrastructure().databaseUrl },
        timeout: 30_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('npm start failed: RabbitMQ did not take a connection at AMQP_URL');
      expect(run.stderr).toContain('(AMQP_URL): check that both answer there.');
      expect(run.stdout + run.stderr).not.toContain('not-for-logs');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
