import { createSandbox, SandboxControlClient, type SandboxInfo } from '@chatpilot/d360-sandbox';
import { createLogger, type Logger } from '@chatpilot/logger';

import { createMessagingApiClient, createPartnerApiClient, type MessagingApiClient, type PartnerApiClient, type PartnerApiClientOptions } from '../src';

export interface D360Fixture {
  control: SandboxControlClient;
  info: SandboxInfo;
  logger: Logger;
  /** Every log line the clients wrote during the suite. */
  logLines: string[];
  /** A Partner API client with quick retries; `close()` is called by `stop()`. */
  partnerClient(overrides?: Partial<PartnerApiClientOptions>): PartnerApiClient;
  messagingClient(): MessagingApiClient;
  /** Onboards one number headlessly and returns its channel id. */
  onboardChannel(phoneNumber?: string): Promise<string>;
  stop(): Promise<void>;
}

const QUICK_RETRY = { attempts: 3, baseDelayMs: 20, maxDelayMs: 200 };

/** The real sandbox HTTP server on 127.0.0.1:0, channels moved only when a test says so. */
export async function startD360Sandbox(): Promise<D360Fixture> {
  const sandbox = createSandbox({ statusSchedule: 'manual' });
  const { url } = await sandbox.start(0, '127.0.0.1');
  const control = new SandboxControlClient(url);
  const info = await control.info();
  const logLines: string[] = [];
  const logger = createLogger({ service: 'd360-client-test', level: 'debug', destination: { write: (line: string) => void logLines.push(line) } });
  const partnerClients: PartnerApiClient[] = [];
  let numbers = 0;

  return {
    control,
    info,
    logger,
    logLines,
    partnerClient: (overrides = {}) => {
      const client = createPartnerApiClient({
        baseUrl: info.urls.partnerApi,
        partnerId: info.partnerId,
        auth: { apiKey: info.credentials.partnerApiKey },
        timeoutMs: 5_000,
        retry: QUICK_RETRY,
        logger,
        ...overrides,
      });
      partnerClients.push(client);
      return client;
    },
    messagingClient: () => createMessagingApiClient({ timeoutMs: 5_000, retry: QUICK_RETRY, logger }),
    onboardChannel: async (phoneNumber) => {
      numbers += 1;
      const result = await control.onboard({ phoneNumbers: [phoneNumber ?? `+4915100000${String(numbers).padStart(3, '0')}`] });
      return result.channelIds[0]!;
    },
    stop: async () => {
      for (const client of partnerClients) client.close();
      await sandbox.stop();
    },
  };
}

/** The Partner API path as the sandbox records it, for `path` relative to the partner (`/channels/x`). */
export function partnerPath(fixture: D360Fixture, path: string): string {
  return `/api/v2/partners/${fixture.info.partnerId}${path}`;
}

/** How many requests the sandbox received for exactly this method and Partner API path. */
export async function countPartnerRequests(fixture: D360Fixture, method: string, path: string): Promise<number> {
  const fullPath = partnerPath(fixture, path);
  const requests = await fixture.control.requests({ surface: 'partner_api', method, pathPrefix: fullPath });
  return requests.filter((request) => request.path === fullPath).length;
}
