import { requestIdFrom } from './request-logging';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  it('keeps a sane incoming id', () => {
    expect(requestIdFrom('req-1.A_b')).toBe('req-1.A_b');
    expect(requestIdFrom('a'.repeat(128))).toBe('a'.repeat(128));
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['too long', 'a'.repeat(129)],
    ['with spaces', 'a b'],
    ['with a newline (log injection)', 'abc\n{"level":"fatal"}'],
    ['repeated header', ['a', 'b']],
  ])('replaces a %s id with a uuid', (_label, incoming) => {
    expect(requestIdFrom(incoming)).toMatch(UUID);
  });
});
