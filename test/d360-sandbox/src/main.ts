import pino from 'pino';
import { loadConfig, statusScheduleOf } from './config';
import { createSandbox } from './sandbox';

/** `npm run sandbox`: the 360dialog sandbox as a standalone process for the demo and benchmarks. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = pino({ name: 'd360-sandbox', level: config.LOG_LEVEL });
  const sandbox = createSandbox({
    partnerId: config.SANDBOX_PARTNER_ID,
    partnerApiKey: config.SANDBOX_PARTNER_API_KEY,
    partnerUsername: config.SANDBOX_PARTNER_USERNAME,
    partnerPassword: config.SANDBOX_PARTNER_PASSWORD,
    platformSecret: config.SANDBOX_PLATFORM_SECRET,
    publicUrl: config.SANDBOX_PUBLIC_URL,
    messagingBaseUrl: config.SANDBOX_MESSAGING_BASE_URL,
    webhookUrl: config.SANDBOX_WEBHOOK_URL,
    redirectUrl: config.SANDBOX_REDIRECT_URL,
    statusSchedule: statusScheduleOf(config),
    logger,
  });
  await sandbox.start(config.SANDBOX_PORT, config.SANDBOX_HOST);
  const { urls, partnerId } = sandbox.info();
  process.stdout.write(
    [
      `360dialog sandbox for partner ${partnerId}`,
      `  permission page  ${urls.permissionPage}`,
      `  Partner API      ${urls.partnerApi}`,
      `  Messaging API    ${urls.messagingApi}`,
      `  control API      ${urls.control}  (GET ${urls.control}/info lists the credentials)`,
      '',
    ].join('\n'),
  );

  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'sandbox stopping');
    sandbox.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'sandbox failed to stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
