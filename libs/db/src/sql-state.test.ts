import { isDataException, sqlStateOf } from './sql-state';

describe('sqlStateOf', () => {
  it('reads the code of a pg error and of a TypeORM QueryFailedError wrapping one', () => {
    expect(sqlStateOf({ code: '22021' })).toBe('22021');
    expect(sqlStateOf({ driverError: { code: '22P05' } })).toBe('22P05');
    expect(sqlStateOf(new Error('connection refused'))).toBeUndefined();
    expect(sqlStateOf(undefined)).toBeUndefined();
  });
});

describe('isDataException', () => {
  it('is true for class 22 only', () => {
    expect(isDataException({ code: '22021' })).toBe(true);
    expect(isDataException({ driverError: { code: '22P02' } })).toBe(true);
    expect(isDataException({ code: '23505' })).toBe(false);
    expect(isDataException({ code: 'ECONNREFUSED' })).toBe(false);
  });
});
