import { createLogger } from '@chatpilot/logger';

import { typeOrmLoggerFor } from './typeorm-logger';

function capture(): { lines: Record<string, unknown>[]; typeorm: ReturnType<typeof typeOrmLoggerFor> } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: 'db-test',
    level: 'info',
    destination: { write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { lines, typeorm: typeOrmLoggerFor(logger) };
}

describe('typeOrmLoggerFor', () => {
  it('never logs successful queries', () => {
    const { lines, typeorm } = capture();
    typeorm.logQuery('SELECT 1', []);
    expect(lines).toHaveLength(0);
  });

  it('logs failed queries as errors without their parameters', () => {
    const { lines, typeorm } = capture();
    typeorm.logQueryError(new Error('boom'), 'INSERT INTO tokens VALUES ($1)', ['top-secret-token']);
    expect(lines).toEqual([
      expect.objectContaining({ level: 'error', msg: 'database query failed', query: 'INSERT INTO tokens VALUES ($1)' }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('top-secret-token');
  });

  it('keeps TypeORM narration below info and surfaces its warnings', () => {
    const { lines, typeorm } = capture();
    typeorm.logMigration('Migration X has been executed successfully.');
    typeorm.log('info', 'chatter');
    typeorm.log('warn', 'Postgres pool raised an error.');
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', typeorm: 'Postgres pool raised an error.' })]);
  });
});
