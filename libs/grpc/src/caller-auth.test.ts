import type { PeerCertificate } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { createCallerAuthenticator, hashToken } from './caller-auth';

const PING = '/chatpilot.ping.v1.PingService/Ping';
const config = {
  callers: new Map([
    [hashToken('onboarding-token'), 'onboarding'],
    [hashToken('registry-token'), 'channel-registry'],
  ]),
  allow: { [PING]: ['onboarding'] },
};

function metadataWith(authorization?: string): grpc.Metadata {
  const metadata = new grpc.Metadata();
  if (authorization !== undefined) metadata.set('authorization', authorization);
  return metadata;
}

const certificateFor = (cn: string) => ({ subject: { CN: cn } }) as unknown as PeerCertificate;

describe('createCallerAuthenticator', () => {
  const authenticate = createCallerAuthenticator(config, { trustClientCertificate: false });

  it('maps a known bearer token to its caller when the method allows it', () => {
    expect(authenticate(PING, metadataWith('Bearer onboarding-token'))).toEqual({ ok: true, caller: 'onboarding' });
  });

  it('accepts the scheme in any letter case', () => {
    expect(authenticate(PING, metadataWith('bearer onboarding-token'))).toEqual({ ok: true, caller: 'onboarding' });
  });

  it.each([
    ['no authorization metadata', undefined, 'missing bearer token'],
    ['an unknown token', 'Bearer guessed', 'invalid bearer token'],
    ['another scheme', 'Basic b25ib2FyZGluZy10b2tlbg==', 'invalid bearer token'],
    ['an empty bearer', 'Bearer ', 'invalid bearer token'],
  ])('rejects %s as UNAUTHENTICATED', (_case, authorization, details) => {
    expect(authenticate(PING, metadataWith(authorization))).toEqual({ ok: false, code: grpc.status.UNAUTHENTICATED, details });
  });

  it('denies a known caller that is not on the method allow-list', () => {
    expect(authenticate(PING, metadataWith('Bearer registry-token'))).toMatchObject({ ok: false, code: grpc.status.PERMISSION_DENIED });
  });

  it('denies every caller a method without an allow-list entry', () => {
    const decision = authenticate('/chatpilot.ping.v1.PingService/Unlisted', metadataWith('Bearer onboarding-token'));
    expect(decision).toMatchObject({ ok: false, code: grpc.status.PERMISSION_DENIED });
  });

  it('never echoes the token in its answer', () => {
    expect(JSON.stringify(authenticate(PING, metadataWith('Bearer secret-guess-123')))).not.toContain('secret-guess-123');
  });

  it('ignores client certificates unless told to trust them', () => {
    expect(authenticate(PING, metadataWith(), certificateFor('onboarding'))).toMatchObject({ ok: false, code: grpc.status.UNAUTHENTICATED });
  });

  it('refuses caller keys that are not SHA-256 hex digests', () => {
    const plaintextKeys = { callers: new Map([['onboarding-token', 'onboarding']]), allow: {} };
    expect(() => createCallerAuthenticator(plaintextKeys, { trustClientCertificate: false })).toThrow(/SHA-256 hex/);
  });
});

describe('createCallerAuthenticator with trusted client certificates', () => {
  const authenticate = createCallerAuthenticator(config, { trustClientCertificate: true });

  it('takes the caller from the certificate CN when no token is sent', () => {
    expect(authenticate(PING, metadataWith(), certificateFor('onboarding'))).toEqual({ ok: true, caller: 'onboarding' });
  });

  it('lets a bearer token take precedence over the certificate', () => {
    const decision = authenticate(PING, metadataWith('Bearer registry-token'), certificateFor('onboarding'));
    expect(decision).toMatchObject({ ok: false, code: grpc.status.PERMISSION_DENIED, details: expect.stringContaining('channel-registry') });
  });

  it('rejects an unknown token even with a valid certificate', () => {
    expect(authenticate(PING, metadataWith('Bearer guessed'), certificateFor('onboarding'))).toMatchObject({ code: grpc.status.UNAUTHENTICATED });
  });
});
