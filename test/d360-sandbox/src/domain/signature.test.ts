import { signWebhookBody } from './signature';

describe('signWebhookBody', () => {
  it('matches the RFC 4231 HMAC-SHA256 test vector', () => {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    expect(signWebhookBody('what do ya want for nothing?', 'Jefe')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('signs bytes and the equivalent string identically', () => {
    const body = '{"id":"1","event":"channel_live","data":{"name":"Zoë"}}';
    expect(signWebhookBody(Buffer.from(body, 'utf8'), 's3cret')).toBe(signWebhookBody(body, 's3cret'));
  });

  it('changes with the secret', () => {
    expect(signWebhookBody('{}', 'a')).not.toBe(signWebhookBody('{}', 'b'));
  });
});
