import * as grpc from '@grpc/grpc-js';
import { createLogger } from '@chatpilot/logger';
import { VAULT_ERROR_CODES, VaultError } from '../domain/vault-errors';
import { toGrpcError } from './grpc-error-mapper';

describe('toGrpcError', () => {
  const lines: string[] = [];
  const logger = createLogger({ service: 'test', level: 'debug', destination: { write: (line: string) => void lines.push(line) } });

  it('maps every vault error code to a status, with the code first in the details', () => {
    for (const code of VAULT_ERROR_CODES) {
      const status = toGrpcError(new VaultError(code, 'what happened'), logger);
      expect(status.code).toBeDefined();
      expect(status.details).toBe(`${code}: what happened`);
    }
  });

  it.each([
    ['VAULT.CHANNEL_KEY_NOT_FOUND', grpc.status.NOT_FOUND],
    ['VAULT.TENANT_MISMATCH', grpc.status.PERMISSION_DENIED],
    ['VAULT.AUDIT_UNAVAILABLE', grpc.status.UNAVAILABLE],
    ['VAULT.PARTNER_API_UNAVAILABLE', grpc.status.UNAVAILABLE],
    ['VAULT.DECRYPTION_FAILED', grpc.status.DATA_LOSS],
    ['VAULT.REVOKED_KEY_NOT_ROTATABLE', grpc.status.FAILED_PRECONDITION],
    ['VAULT.INVALID_ARGUMENT', grpc.status.INVALID_ARGUMENT],
  ] as const)('answers %s with %s', (code, status) => {
    expect(toGrpcError(new VaultError(code, 'x'), logger).code).toBe(status);
  });

  it('hides an unexpected error behind INTERNAL and logs it', () => {
    lines.length = 0;
    const status = toGrpcError(new TypeError('secret-laden internals'), logger);
    expect(status).toEqual({ code: grpc.status.INTERNAL, details: 'VAULT.INTERNAL: internal error' });
    expect(lines.join('')).toContain('vault call failed unexpectedly');
  });
});
