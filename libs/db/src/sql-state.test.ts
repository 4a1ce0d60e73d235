import { isDatabaseUnreachable, isRefusedValue, sqlStateOf } from './sql-state';

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

describe('isDatabaseUnreachable', () => {
  it('is true for a server that cannot be reached or dropped the connection', () => {
    expect(isDatabaseUnreachable({ code: 'ECONNREFUSED' })).toBe(true);
    expect(isDatabaseUnreachable({ code: '08006' })).toBe(true);
    expect(isDatabaseUnreachable({ driverError: { code: '57P01' } })).toBe(true);
    expect(isDatabaseUnreachable({ code: '53300' })).toBe(true);
    expect(isDatabaseUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnreachable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnreachable({ message: 'Query failed', driverError: { message: 'Connection terminated due to connection timeout' } })).toBe(true);
  });

  it('is false for a query the server refused, and for anything else', () => {
    expect(isDatabaseUnreachable({ code: '23505' })).toBe(false);
    expect(isDatabaseUnreachable({ code: '22021' })).toBe(false);
    expect(isDatabaseUnreachable(new Error('relation "x" does not exist'))).toBe(false);
    expect(isDatabaseUnreachable(undefined)).toBe(false);
  });
});
