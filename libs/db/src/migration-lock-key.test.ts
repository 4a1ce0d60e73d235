import { migrationLockKey } from './migration-lock-key';

describe('migrationLockKey', () => {
  it('is the same for the same database and table', () => {
    expect(migrationLockKey('onboarding', 'migrations')).toBe(migrationLockKey('onboarding', 'migrations'));
  });

  it('differs between databases and between migrations tables', () => {
    const keys = new Set([
      migrationLockKey('onboarding', 'migrations'),
      migrationLockKey('vault', 'migrations'),
      migrationLockKey('onboarding', 'other_migrations'),
    ]);
    expect(keys.size).toBe(3);
  });

  it('fits a signed 64-bit bigint', () => {
    const key = BigInt(migrationLockKey('registry', 'migrations'));
    expect(key).toBeGreaterThanOrEqual(-(2n ** 63n));
    expect(key).toBeLessThan(2n ** 63n);
  });
});
