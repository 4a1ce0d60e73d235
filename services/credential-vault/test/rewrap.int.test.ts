import { randomBytes } from 'node:crypto';
import { runVaultCli } from '../src/cli/vault-cli';
import { decodeEncryptionKey, deriveKeyId } from '../src/domain/encryption-key';
import { expectNoSecretIn } from './support/grpc-expectations';
import { createTestBed, newEncryptionKey, startVault, TOKENS, vaultEnvironment, type RunningVault, type VaultTestBed } from './support/vault-fixture';

const CHANNELS = 60;
const READERS = 8;
const ADDRESS = 'https://waba-v2.360dialog.io';
const channelIds = Array.from({ length: CHANNELS }, (_, index) => `ch-rewrap-${String(index).padStart(3, '0')}`);

describe('credential-vault: moving every key onto a new encryption key', () => {
  const oldKey = newEncryptionKey();
  const newKey = newEncryptionKey();
  const newKeyId = deriveKeyId(decodeEncryptionKey(newKey)!);
  const oldKeyId = deriveKeyId(decodeEncryptionKey(oldKey)!);
  let bed: VaultTestBed;
  let vault: RunningVault | undefined;
  let rotatedEnv: Record<string, string>;
  const plaintext = new Map<string, string>();
  let rewrappedByCli = 0;

  const keyIdsInUse = async () =>
    (await bed.sql<{ encryption_key_id: string; count: number }>(`SELECT encryption_key_id, count(*)::integer AS count FROM whatsapp_api_keys GROUP BY 1 ORDER BY 1`)).reduce<Record<string, number>>(
      (counts, row) => ({ ...counts, [row.encryption_key_id]: row.count }),
      {},
    );

  const cli = async (args: string[]) => {
    const out: string[] = [];
    const code = await runVaultCli(args, { env: rotatedEnv, out: (line) => out.push(line), err: (line) => out.push(line) });
    const summary = out.find((line) => line.startsWith('{"batches"'));
    if (summary) rewrappedByCli += (JSON.parse(summary) as { rewrapped: number }).rewrapped;
    return { code, out };
  };

  beforeAll(async () => {
    bed = await createTestBed('vault_rewrap');
    const baseEnv = vaultEnvironment({ databaseUrl: bed.database.url, amqp: bed.amqp, encryptionKey: oldKey });
    vault = await startVault(baseEnv, bed.logger, { consumerName: bed.consumerName });
    const admin = bed.client(vault.address, TOKENS.admin);
    for (const channelId of channelIds) {
      const apiKey = `key${randomBytes(18).toString('base64url')}`;
      plaintext.set(channelId, apiKey);
      await admin.storeChannelKey({ tenantId: 'tenant-a', channelId, apiKey, address: ADDRESS });
    }
    await vault.stop();
    rotatedEnv = { ...baseEnv, CREDENTIAL_ENCRYPTION_KEY: newKey, CREDENTIAL_ENCRYPTION_KEYS_PREVIOUS: oldKey };
    vault = await startVault(rotatedEnv, bed.logger, { consumerName: bed.consumerName });
  });

  afterAll(async () => {
    await vault?.stop();
    await bed?.close();
  });

  it('stops after the batches it was allowed and says how many keys remain', async () => {
    const { code, out } = await cli(['rewrap', '--batch-size', '10', '--max-batches', '2']);

    expect(code).toBe(0);
    expect(out).toContain(JSON.stringify({ batches: 2, rewrapped: 20, skipped: [], remaining: CHANNELS - 20 }));
    expect(out.join('\n')).toContain('run rewrap again to continue');
    expect(await keyIdsInUse()).toEqual({ [newKeyId]: 20, [oldKeyId]: CHANNELS - 20 });
  });

  it('resumes and finishes while senders keep reading and keys keep being replaced: no failed read, every row on the new key', async () => {
    const sender = bed.client(vault!.address, TOKENS.sender);
    const admin = bed.client(vault!.address, TOKENS.admin);
    const failures: string[] = [];
    let readsDuringRewrap = 0;
    let rewrapDone = false;

    const reader = async (seed: number): Promise<void> => {
      for (let index = seed; !rewrapDone || index < seed + 20; index += 1) {
        const channelId = channelIds[(index * 7) % CHANNELS]!;
        const expected = plaintext.get(channelId);
        try {
          const credentials = await sender.getChannelCredentials(channelId);
          if (credentials.apiKey !== expected && plaintext.get(channelId) === expected) failures.push(`${channelId}: wrong key`);
          if (!rewrapDone) readsDuringRewrap += 1;
        } catch (error) {
          failures.push(`${channelId}: ${(error as { details?: string }).details ?? String(error)}`);
        }
      }
    };
    const replaceSomeKeys = async (): Promise<void> => {
      for (const channelId of channelIds.filter((_, index) => index % 12 === 5)) {
        const apiKey = `key${randomBytes(18).toString('base64url')}`;
        await admin.storeChannelKey({ tenantId: 'tenant-a', channelId, apiKey, address: ADDRESS });
        plaintext.set(channelId, apiKey);
      }
    };
    const readers = Array.from({ length: READERS }, (_, seed) => reader(seed * 11));
    const rewrap = cli(['rewrap', '--batch-size', '5', '--pause-ms', '50']).finally(() => {
      rewrapDone = true;
    });

    const [{ code, out }] = await Promise.all([rewrap, replaceSomeKeys(), ...readers]);

    expect(code).toBe(0);
    expect(JSON.parse(out.at(-1)!)).toMatchObject({ remaining: 0 });
    expect(failures).toEqual([]);
    expect(readsDuringRewrap).toBeGreaterThan(READERS * 5);
    expect(await keyIdsInUse()).toEqual({ [newKeyId]: CHANNELS });
  });

  it('leaves rows nobody can read without the new key (the old key can be retired)', async () => {
    await vault!.stop();
    vault = await startVault({ ...rotatedEnv, CREDENTIAL_ENCRYPTION_KEYS_PREVIOUS: '' }, bed.logger, { consumerName: bed.consumerName });
    const sender = bed.client(vault.address, TOKENS.sender);

    const credentials = await Promise.all(channelIds.map((channelId) => sender.getChannelCredentials(channelId)));

    expect(credentials.map((c) => c.apiKey)).toEqual(channelIds.map((channelId) => plaintext.get(channelId)));
  });

  it('audited every rewrapped row', async () => {
    const [row] = await bed.sql<{ rows: number }>(`SELECT count(*)::integer AS rows FROM vault_audit_log WHERE method = 'Rewrap' AND caller LIKE 'admin-cli:%' AND outcome = 'OK'`);
    expect(row!.rows).toBe(rewrappedByCli);
    // Keys replaced during the run were sealed with the new key already and needed no rewrap.
    expect(rewrappedByCli).toBeGreaterThanOrEqual(CHANNELS - channelIds.filter((_, index) => index % 12 === 5).length);
  });

  it('logged no plaintext key during the suite', () => {
    expectNoSecretIn(bed.logLines, [...plaintext.values()]);
  });
});

describe('credential-vault: rewrapping past keys it cannot decrypt', () => {
  const oldKey = newEncryptionKey();
  const newKey = newEncryptionKey();
  const newKeyId = deriveKeyId(decodeEncryptionKey(newKey)!);
  const oldKeyId = deriveKeyId(decodeEncryptionKey(oldKey)!);
  const notLoadedKeyId = deriveKeyId(decodeEncryptionKey(newEncryptionKey())!);
  const channels = Array.from({ length: 6 }, (_, index) => `ch-skip-${index}`);
  const [tampered, sealedWithKeyNotLoaded] = [channels[1]!, channels[3]!];
  let bed: VaultTestBed;
  let rotatedEnv: Record<string, string>;
  const plaintext = new Map<string, string>();

  const cli = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runVaultCli(args, { env: rotatedEnv, out: (line) => out.push(line), err: (line) => err.push(line) });
    const summary = out.find((line) => line.startsWith('{"batches"'));
    return { code, out, err, summary: summary === undefined ? undefined : (JSON.parse(summary) as Record<string, unknown>) };
  };
  const ciphertexts = async () =>
    Object.fromEntries((await bed.sql<{ channel_id: string; ciphertext: string }>(`SELECT channel_id, ciphertext FROM whatsapp_api_keys ORDER BY channel_id`)).map((row) => [row.channel_id, row.ciphertext]));

  beforeAll(async () => {
    bed = await createTestBed('vault_rewrap_skip');
    const baseEnv = vaultEnvironment({ databaseUrl: bed.database.url, amqp: bed.amqp, encryptionKey: oldKey });
    const vault = await startVault(baseEnv, bed.logger, { consumerName: bed.consumerName });
    try {
      const admin = bed.client(vault.address, TOKENS.admin);
      for (const channelId of channels) {
        const apiKey = `key${randomBytes(18).toString('base64url')}`;
        plaintext.set(channelId, apiKey);
        await admin.storeChannelKey({ tenantId: 'tenant-a', channelId, apiKey, address: ADDRESS });
      }
    } finally {
      await vault.stop();
    }
    const stored = await ciphertexts();
    const [version, , iv, body] = stored[tampered]!.split(':');
    const flipped = `${body!.startsWith('A') ? 'B' : 'A'}${body!.slice(1)}`;
    await bed.sql(`UPDATE whatsapp_api_keys SET ciphertext = $2 WHERE channel_id = $1`, [tampered, [version, oldKeyId, iv, flipped].join(':')]);
    const [, , otherIv, otherBody] = stored[sealedWithKeyNotLoaded]!.split(':');
    await bed.sql(`UPDATE whatsapp_api_keys SET ciphertext = $2, encryption_key_id = $3 WHERE channel_id = $1`, [
      sealedWithKeyNotLoaded,
      [version, notLoadedKeyId, otherIv, otherBody].join(':'),
      notLoadedKeyId,
    ]);
    rotatedEnv = { ...baseEnv, CREDENTIAL_ENCRYPTION_KEY: newKey, CREDENTIAL_ENCRYPTION_KEYS_PREVIOUS: oldKey };
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('skips the unreadable rows, rewraps every other one, names the skipped channels and fails the run', async () => {
    const before = await ciphertexts();

    const { code, summary, err } = await cli(['rewrap', '--batch-size', '2']);

    expect(code).toBe(1);
    expect(summary).toEqual({
      batches: 3,
      rewrapped: 4,
      skipped: [
        { channelId: tampered, code: 'VAULT.DECRYPTION_FAILED' },
        { channelId: sealedWithKeyNotLoaded, code: 'VAULT.UNKNOWN_ENCRYPTION_KEY' },
      ],
      remaining: 2,
    });
    expect(err.at(-1)).toBe(
      `rewrap failed: 2 keys could not be decrypted and stay on their old encryption key: ${tampered} (VAULT.DECRYPTION_FAILED), ${sealedWithKeyNotLoaded} (VAULT.UNKNOWN_ENCRYPTION_KEY)`,
    );
    const after = await ciphertexts();
    expect([after[tampered], after[sealedWithKeyNotLoaded]]).toEqual([before[tampered], before[sealedWithKeyNotLoaded]]);
    const [row] = await bed.sql<{ moved: number }>(`SELECT count(*)::integer AS moved FROM whatsapp_api_keys WHERE encryption_key_id = $1`, [newKeyId]);
    expect(row!.moved).toBe(4);
  });

  it('audited the skipped rows with why they could not be opened', async () => {
    const rows = await bed.sql<{ channel_id: string; outcome: string }>(`SELECT channel_id, outcome FROM vault_audit_log WHERE method = 'Rewrap' AND outcome <> 'OK' ORDER BY channel_id`);
    expect(rows).toEqual([
      { channel_id: tampered, outcome: 'VAULT.DECRYPTION_FAILED' },
      { channel_id: sealedWithKeyNotLoaded, outcome: 'VAULT.UNKNOWN_ENCRYPTION_KEY' },
    ]);
  });

  it('runs past them again instead of stopping at the first one', async () => {
    const { code, summary } = await cli(['rewrap', '--batch-size', '1']);

    expect(code).toBe(1);
    expect(summary).toMatchObject({ batches: 2, rewrapped: 0, remaining: 2 });
  });

  it('left the rewrapped keys readable with the new key alone', async () => {
    const vault = await startVault({ ...rotatedEnv, CREDENTIAL_ENCRYPTION_KEYS_PREVIOUS: '' }, bed.logger, { consumerName: bed.consumerName });
    try {
      const sender = bed.client(vault.address, TOKENS.sender);
      const readable = channels.filter((channelId) => channelId !== tampered && channelId !== sealedWithKeyNotLoaded);
      const credentials = await Promise.all(readable.map((channelId) => sender.getChannelCredentials(channelId)));
      expect(credentials.map((c) => c.apiKey)).toEqual(readable.map((channelId) => plaintext.get(channelId)));
    } finally {
      await vault.stop();
    }
  });
});
