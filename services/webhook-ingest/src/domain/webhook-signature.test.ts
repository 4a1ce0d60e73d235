import { createHmac } from 'node:crypto';

import { createSignatureVerifier, signWebhookBody } from './webhook-signature';

const body = Buffer.from('{"id":"e1","event":"channel_running","data":{"name":"Café 😀"}}', 'utf8');
const sign = (secret: string, bytes: Buffer = body) => createHmac('sha256', secret).update(bytes).digest('hex');

describe('webhook signature verification', () => {
  const verifier = createSignatureVerifier(['old-secret', 'new-secret']);

  it('accepts the hex HMAC-SHA256 of the raw bytes with any configured secret', () => {
    expect(verifier.verify(body, sign('old-secret'))).toBe('valid');
    expect(verifier.verify(body, sign('new-secret'))).toBe('valid');
  });

  it('accepts a sha256= prefix, upper-case hex and surrounding blanks', () => {
    expect(verifier.verify(body, `sha256=${sign('new-secret')}`)).toBe('valid');
    expect(verifier.verify(body, ` ${sign('new-secret').toUpperCase()} `)).toBe('valid');
  });

  it('calls an absent or empty header missing', () => {
    expect(verifier.verify(body, undefined)).toBe('missing');
    expect(verifier.verify(body, '  ')).toBe('missing');
  });

  it('rejects another secret, a changed byte, truncated or non-hex signatures', () => {
    expect(verifier.verify(body, sign('other-secret'))).toBe('invalid');
    const changed = Buffer.from(body);
    changed.writeUInt8(changed.readUInt8(changed.length - 3) ^ 1, changed.length - 3);
    expect(verifier.verify(changed, sign('old-secret'))).toBe('invalid');
    expect(verifier.verify(body, sign('old-secret').slice(0, 63))).toBe('invalid');
    expect(verifier.verify(body, 'z'.repeat(64))).toBe('invalid');
    expect(verifier.verify(body, `${sign('old-secret')}, ${sign('old-secret')}`)).toBe('invalid');
  });

  it('verifies over the bytes, not over a re-encoded string', () => {
    const reencoded = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))).replace('😀', '\\ud83d\\ude00'));
    expect(verifier.verify(reencoded, sign('old-secret'))).toBe('invalid');
  });

  it('accepts everything, unverified, when no secret is configured', () => {
    const open = createSignatureVerifier([]);
    expect(open.enabled).toBe(false);
    expect(open.verify(body, undefined)).toBe('not_configured');
    expect(verifier.enabled).toBe(true);
  });

  it('signs the way it verifies', () => {
    expect(verifier.verify(body, signWebhookBody(body, 'new-secret'))).toBe('valid');
  });
});
