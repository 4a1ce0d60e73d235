import { createHash, timingSafeEqual } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import * as grpc from '@grpc/grpc-js';

export interface CallerAuthConfig {
  /** SHA-256 (hex) of each accepted bearer token → the caller name it stands for. */
  callers: ReadonlyMap<string, string>;
  /** Full method path ('/chatpilot.ping.v1.PingService/Ping') → callers allowed to call it. Unlisted methods are denied. */
  allow: Readonly<Record<string, readonly string[]>>;
}

export type AuthDecision =
  | { ok: true; caller: string }
  | { ok: false; code: grpc.status.UNAUTHENTICATED | grpc.status.PERMISSION_DENIED; details: string; caller?: string };

export type CallerAuthenticator = (methodPath: string, metadata: grpc.Metadata, peerCertificate?: PeerCertificate) => AuthDecision;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Identifies the caller of a call and checks the method's allow-list. A bearer token, when sent,
 * decides (an unknown one is rejected even if a client certificate is present); otherwise, with
 * `trustClientCertificate` (the TLS handshake already verified the certificate against our CA),
 * the certificate's subject CN is the caller name.
 */
export function createCallerAuthenticator(config: CallerAuthConfig, options: { trustClientCertificate: boolean }): CallerAuthenticator {
  const findCallerByToken = tokenMatcher(config.callers);
  return (methodPath, metadata, peerCertificate) => {
    const authorization = metadata.get('authorization')[0];
    const caller =
      authorization !== undefined
        ? findCallerByToken(bearerToken(authorization))
        : options.trustClientCertificate
          ? commonName(peerCertificate)
          : undefined;
    if (caller === undefined) {
      const details = authorization === undefined ? 'missing bearer token' : 'invalid bearer token';
      return { ok: false, code: grpc.status.UNAUTHENTICATED, details };
    }
    if (!config.allow[methodPath]?.includes(caller)) {
      return { ok: false, code: grpc.status.PERMISSION_DENIED, details: `caller "${caller}" may not call ${methodPath}`, caller };
    }
    return { ok: true, caller };
  };
}

/** Compares the token's digest with every known digest in constant time, so timing reveals nothing. */
function tokenMatcher(callers: ReadonlyMap<string, string>): (token: string | undefined) => string | undefined {
  const known = [...callers].map(([digestHex, caller]) => {
    if (!/^[0-9a-f]{64}$/i.test(digestHex)) throw new Error('gRPC auth: caller keys must be SHA-256 hex digests of the tokens');
    return { digest: Buffer.from(digestHex, 'hex'), caller };
  });
  return (token) => {
    if (!token) return undefined;
    const digest = Buffer.from(hashToken(token), 'hex');
    let match: string | undefined;
    for (const entry of known) {
      if (timingSafeEqual(digest, entry.digest)) match = entry.caller;
    }
    return match;
  };
}

function bearerToken(authorization: grpc.MetadataValue): string | undefined {
  if (typeof authorization !== 'string') return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
}

function commonName(certificate: PeerCertificate | undefined): string | undefined {
  const cn: unknown = certificate?.subject?.CN;
  return typeof cn === 'string' && cn.length > 0 ? cn : undefined;
}
