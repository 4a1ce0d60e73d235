const DECIMAL_WHOLE_NUMBER = /^[0-9]{1,15}$/;

/**
 * A query parameter holding a whole number written in plain decimal digits, or undefined when it
 * holds anything else. `Number()` alone would take `0x10`, `1e1`, ` 7 ` and `7.0`.
 */
export function wholeNumberParam(value: unknown): number | undefined {
  return typeof value === 'string' && DECIMAL_WHOLE_NUMBER.test(value) ? Number(value) : undefined;
}
