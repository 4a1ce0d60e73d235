import { isPlainText, plainTextSchema } from './plain-text';

describe('isPlainText', () => {
  it.each(['Shop', 'Café Müller', 'Laden 🛒', '東京の店'])('accepts %j', (text) => {
    expect(isPlainText(text)).toBe(true);
  });

  it.each([
    ['a NUL', 'a\u0000b'],
    ['a newline', 'a\nb'],
    ['an escape', 'a\u001bb'],
    ['a DEL', 'a\u007fb'],
    ['a lone high surrogate', 'a\ud83db'],
    ['a lone low surrogate', '\udc00'],
    ['a replacement character', 'a\ufffdb'],
  ])('refuses %s', (_label, text) => {
    expect(isPlainText(text)).toBe(false);
  });
});

describe('plainTextSchema', () => {
  it('trims, and refuses empty, too long and control text', () => {
    const schema = plainTextSchema(5);
    expect(schema.parse('  Shop ')).toBe('Shop');
    expect(schema.safeParse('   ').success).toBe(false);
    expect(schema.safeParse('123456').success).toBe(false);
    expect(schema.safeParse('a\u0000').success).toBe(false);
  });
});
