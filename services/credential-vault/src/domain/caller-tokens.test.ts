import { createHash } from 'node:crypto';
import { parseCallerTokens } from './caller-tokens';

const sha = (token: string) => createHash('sha256').update(token).digest('hex');

describe('parseCallerTokens', () => {
  it('maps each digest to its caller, several digests per caller allowed', () => {
    const text = `onboarding:${sha('a')}, messaging-sender:${sha('b')},onboarding:${sha('c').toUpperCase()}`;
    expect(parseCallerTokens(text)).toEqual({
      callers: new Map([
        [sha('a'), 'onboarding'],
        [sha('b'), 'messaging-sender'],
        [sha('c'), 'onboarding'],
      ]),
      problems: [],
    });
  });

  it.each([
    ['a plaintext token', 'onboarding:secret-token-value'],
    ['a missing name', `:${sha('a')}`],
    ['no separator', sha('a')],
    ['an empty list', ' , '],
  ])('reports %s without repeating the entry', (_case, text) => {
    const { problems } = parseCallerTokens(text);
    expect(problems).toHaveLength(1);
    expect(problems.join()).not.toContain('secret-token-value');
  });

  it('refuses one digest for two callers', () => {
    expect(parseCallerTokens(`a:${sha('x')},b:${sha('x')}`).problems).toEqual(['entry 2 reuses a token digest already given to another caller']);
  });
});
