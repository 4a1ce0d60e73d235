import { interpolate, parseEnvFile, referencedVariables } from './interpolation';

describe('compose interpolation', () => {
  const variables = { SET: 'value', EMPTY: '' };

  it('substitutes braced and bare references and unescapes $$', () => {
    expect(interpolate('a ${SET} b $SET c $$SET', variables)).toBe('a value b value c $SET');
  });

  it('applies defaults with and without the colon, as compose does', () => {
    expect(interpolate('${MISSING:-d}|${EMPTY:-d}|${EMPTY-d}|${MISSING-d}', variables)).toBe('d|d||d');
  });

  it('fails on required variables that are missing or empty', () => {
    expect(() => interpolate('${MISSING:?set it}', variables)).toThrow('MISSING: set it');
    expect(() => interpolate('${EMPTY:?}', variables)).toThrow('EMPTY: required');
    expect(interpolate('${EMPTY?}', variables)).toBe('');
  });

  it('lists referenced variables and whether they have a default', () => {
    expect(referencedVariables('${A} $B ${C:-x} ${D:?} $$E')).toEqual([
      { name: 'A', hasDefault: false },
      { name: 'B', hasDefault: false },
      { name: 'C', hasDefault: true },
      { name: 'D', hasDefault: false },
    ]);
  });

  it('reads env files with comments, blank lines, empty and quoted values', () => {
    expect(parseEnvFile('# comment\n\nA=1\nB=\nC="two words"\nD={x}\n')).toEqual({ A: '1', B: '', C: 'two words', D: '{x}' });
    expect(() => parseEnvFile('not an assignment')).toThrow(/KEY=VALUE/);
  });
});
