import { fingerprintStartRequest, startRequestSchema } from './start-request';

describe('startRequestSchema', () => {
  it('accepts the documented pre-fill', () => {
    const body = { phone_number: '+4915112345678', email: 'ops@example.com', name: 'Shop', lang: 'pt', replace: true };
    expect(startRequestSchema.parse(body)).toEqual(body);
  });

  it.each([
    [{ phone_number: '015112345678' }, 'phone_number'],
    [{ phone_number: '+0123456789' }, 'phone_number'],
    [{ email: 'not-an-email' }, 'email'],
    [{ lang: 'fr' }, 'lang'],
    [{ name: '' }, 'name'],
    [{ surprise: 1 }, ''],
  ])('refuses %j', (body, field) => {
    const result = startRequestSchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.')).toBe(field);
  });
});

describe('fingerprintStartRequest', () => {
  it('tells different bodies apart and matches equal ones', () => {
    expect(fingerprintStartRequest({ lang: 'de' })).toBe(fingerprintStartRequest({ lang: 'de' }));
    expect(fingerprintStartRequest({ lang: 'de' })).not.toBe(fingerprintStartRequest({ lang: 'en' }));
  });
});
