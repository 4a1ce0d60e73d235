import { databaseNameOf } from './ensure-database-exists';

describe('databaseNameOf', () => {
  it('reads and decodes the database from the URL path', () => {
    expect(databaseNameOf('postgres://user:pw@db:5432/onboarding?sslmode=disable')).toBe('onboarding');
    expect(databaseNameOf('postgres://db/my%20db')).toBe('my db');
  });

  it('rejects a URL without a database', () => {
    expect(() => databaseNameOf('postgres://db:5432')).toThrow('names no database');
    expect(() => databaseNameOf('postgres://db:5432/')).toThrow('names no database');
  });
});
