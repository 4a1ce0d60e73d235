export interface TestInfrastructure {
  databaseUrl: string;
  amqpUrl: string;
}

export const DATABASE_URL_VARIABLE = 'TEST_DATABASE_URL';
export const AMQP_URL_VARIABLE = 'TEST_AMQP_URL';

/** The servers the jest globalSetup resolved (it publishes them through the environment workers inherit). */
export function testInfrastructure(): TestInfrastructure {
  const databaseUrl = process.env[DATABASE_URL_VARIABLE];
  const amqpUrl = process.env[AMQP_URL_VARIABLE];
  if (!databaseUrl || !amqpUrl) {
    throw new Error(
      `Test infrastructure is not resolved: ${DATABASE_URL_VARIABLE} and ${AMQP_URL_VARIABLE} are unset. ` +
        'Run integration tests through jest (the integration project globalSetup ' +
        'libs/testing/src/jest-global-setup.ts resolves them) or set both variables.',
    );
  }
  return { databaseUrl, amqpUrl };
}
