import { wholeNumberParam } from './query-params';

describe('wholeNumberParam', () => {
  it('reads plain decimal digits', () => {
    expect(wholeNumberParam('7')).toBe(7);
    expect(wholeNumberParam('0100')).toBe(100);
  });

  it('refuses every other spelling Number() would take, and repeated parameters', () => {
    for (const value of ['0x10', '1e1', ' 7', '7 ', '7.0', '+7', '-1', '', '1_000', '9'.repeat(16)]) {
      expect(wholeNumberParam(value)).toBeUndefined();
    }
    expect(wholeNumberParam(['1', '2'])).toBeUndefined();
    expect(wholeNumberParam(undefined)).toBeUndefined();
  });
});
