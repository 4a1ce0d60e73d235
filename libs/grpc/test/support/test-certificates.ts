import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface KeyAndCertificate {
  privateKey: Buffer;
  certChain: Buffer;
}

export interface TestPki {
  caCert: Buffer;
  /** Valid for 127.0.0.1 and localhost. */
  server: KeyAndCertificate;
  /** A client certificate whose subject CN is `commonName`. */
  client(commonName: string): KeyAndCertificate;
  remove(): void;
}

/** A throwaway CA with server and client certificates, made with the openssl CLI in a temp dir. */
export function createTestPki(): TestPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-mtls-'));
  const file = (name: string): string => path.join(dir, name);
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=chatpilot-test-ca', '-keyout', file('ca.key'), '-out', file('ca.crt')]);

  const issue = (name: string, commonName: string, extensions: string): KeyAndCertificate => {
    fs.writeFileSync(file(`${name}.ext`), extensions);
    openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${commonName}`, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`)]);
    openssl(['x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', file(`${name}.ext`), '-out', file(`${name}.crt`)]);
    return { privateKey: fs.readFileSync(file(`${name}.key`)), certChain: fs.readFileSync(file(`${name}.crt`)) };
  };

  return {
    caCert: fs.readFileSync(file('ca.crt')),
    server: issue('server', 'localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n'),
    client: (commonName) => issue(`client-${commonName}`, commonName, 'extendedKeyUsage=clientAuth\n'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

function openssl(args: string[]): void {
  try {
    execFileSync('openssl', args, { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`The mTLS tests need the openssl CLI to make test certificates; \`openssl ${args[0]}\` failed: ${String(error)}`, { cause: error });
  }
}
