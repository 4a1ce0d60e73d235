import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface VaultMetrics {
  /** `path`: credential_reads (read and audit in one statement) or audit_trail (everything else). */
  auditBatchSize: Histogram<'path'>;
  auditWriteFailures: Counter<'path'>;
  serving: Gauge;
}

export function createVaultMetrics(registry: Registry): VaultMetrics {
  const registers = [registry];
  return {
    auditBatchSize: new Histogram({
      name: 'chatpilot_vault_audit_batch_size',
      help: 'Audit entries written per group-commit statement',
      labelNames: ['path'],
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 500],
      registers,
    }),
    auditWriteFailures: new Counter({
      name: 'chatpilot_vault_audit_write_failures_total',
      help: 'Audit entries that could not be written (the calls they belonged to were refused)',
      labelNames: ['path'],
      registers,
    }),
    serving: new Gauge({
      name: 'chatpilot_vault_serving',
      help: '1 while the database answers and an encryption key is loaded (gRPC health SERVING), else 0',
      registers,
    }),
  };
}
