import { isRefusedValue, sqlStateOf } from './sql-state';

describe('sqlStateOf', () => {
  it('reads the code of a pg error and of a TypeORM QueryFailedError wrapping one', () => {
    expect(sqlStateOf({ code: '22021' })).toBe('22021');
    expect(sqlStateOf({ driverError: { code: '22P05' } })).toBe('22P05');
    expect(sqlStateOf(new Error('connection refused'))).toBeUndefined();
    expect(sqlStateOf(undefined)).toBeUndefined();
  });
});

describe('isRefusedValue', () => {
  it('is true for the data exceptions a caller\'s value can cause', () => {
    expect(isRefusedValue({ code: '22021' })).toBe(true);
    expect(isRefusedValue({ driverError: { code: '22P02' } })).toBe(true);
    expect(isRefusedValue({ code: '22P05' })).toBe(true);
    expect(isRefusedValue({ code: '22001' })).toBe(true);
    expect(isRefusedValue({ code: '22012' })).toBe(false);
    expect(isRefusedValue({ code: '23505' })).toBe(false);
    expect(isRefusedValue({ code: 'ECONNREFUSED' })).toBe(false);
  });
});
