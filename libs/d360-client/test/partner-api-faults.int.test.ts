import { CircuitOpenError } from '@chatpilot/resilience';
import { waitFor } from '@chatpilot/testing';

import { countPartnerRequests, partnerPath, startD360Sandbox, type D360Fixture } from './d360-fixture';

describe('Partner API client under 360dialog faults', () => {
  let d360: D360Fixture;

  beforeAll(async () => {
    d360 = await startD360Sandbox();
  });
  afterAll(() => d360.stop());
  beforeEach(() => d360.control.reset());

  const channelsFault = (fault: { kind: 'latency' | '429' | '500' | '503' | 'reset'; times?: number; latencyMs?: number; retryAfterSeconds?: number }) =>
    d360.control.addFault({ path: partnerPath(d360, '/channels'), method: 'GET', ...fault });

  describe('429 Too Many Requests', () => {
    it('waits at least the Retry-After before the next attempt, then succeeds', async () => {
      await channelsFault({ kind: '429', retryAfterSeconds: 1, times: 1 });
      // Backoff alone would wait at most 10 ms; only Retry-After explains a one-second gap.
      const client = d360.partnerClient({ retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 10, maxRetryAfterMs: 5_000 } });

      await expect(client.listChannels()).resolves.toEqual({ total: 0, partner_channels: [] });

      const [limited, retried] = await d360.control.requests({ surface: 'partner_api', method: 'GET' });
      expect([limited?.status, retried?.status]).toEqual([429, 200]);
      expect(Date.parse(retried!.at) - Date.parse(limited!.at)).toBeGreaterThanOrEqual(990);
    });

    it('gives up at once with D360.RATE_LIMITED when Retry-After is longer than it may wait', async () => {
      await channelsFault({ kind: '429', retryAfterSeconds: 30 });
      const client = d360.partnerClient({ retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 1_000 } });

      await expect(client.listChannels()).rejects.toMatchObject({ code: 'D360.RATE_LIMITED', status: 429, retryAfterMs: 30_000, retryable: true });
      expect(await countPartnerRequests(d360, 'GET', '/channels')).toBe(1);
    });
  });

  describe('circuit breaker', () => {
    it('opens after repeated 500s, fails fast without calling 360dialog, and closes again after the reset timeout', async () => {
      await channelsFault({ kind: '500' });
      const client = d360.partnerClient({ breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 2_000 } });

      await expect(client.listChannels()).rejects.toMatchObject({ code: 'D360.UNAVAILABLE', status: 500 });
      expect(await countPartnerRequests(d360, 'GET', '/channels')).toBe(3);
      expect(client.breakerState()).toBe('open');
      expect(client.isAvailable()).toBe(false);

      const started = Date.now();
      await expect(client.getChannel('any')).rejects.toBeInstanceOf(CircuitOpenError);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(await countPartnerRequests(d360, 'GET', '/channels')).toBe(3);

      await d360.control.clearFaults();
      await waitFor(() => client.breakerState() === 'halfOpen', { description: 'the breaker to let a probe through', timeoutMs: 15_000 });
      await expect(client.listChannels()).resolves.toMatchObject({ total: 0 });
      expect(client.breakerState()).toBe('closed');
      expect(client.isAvailable()).toBe(true);
    });

    it('stays closed when 360dialog keeps answering 404, and does not retry it', async () => {
      const client = d360.partnerClient({ breaker: { volumeThreshold: 2, errorThresholdPercentage: 10 } });

      for (let call = 0; call < 5; call += 1) {
        await expect(client.createChannelApiKey('no-such-channel')).rejects.toMatchObject({ code: 'D360.NOT_FOUND' });
      }

      expect(client.breakerState()).toBe('closed');
      expect(await countPartnerRequests(d360, 'POST', '/channels/no-such-channel/api_keys')).toBe(5);
    });
  });

  describe('slow and broken connections', () => {
    it('abandons an attempt that exceeds the timeout and succeeds on the next one', async () => {
      await channelsFault({ kind: 'latency', latencyMs: 10_000, times: 1 });
      const client = d360.partnerClient({ timeoutMs: 1_500 });

      await expect(client.listChannels()).resolves.toMatchObject({ total: 0 });
      expect(await countPartnerRequests(d360, 'GET', '/channels')).toBe(2);
    });

    it('fails with D360.TIMEOUT when every attempt is too slow', async () => {
      await channelsFault({ kind: 'latency', latencyMs: 3_000 });
      const client = d360.partnerClient({ timeoutMs: 300, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 50 } });

      await expect(client.listChannels()).rejects.toMatchObject({ code: 'D360.TIMEOUT', retryable: true });
      expect(await countPartnerRequests(d360, 'GET', '/channels')).toBe(2);
    });

    it('retries a reset connection', async () => {
      await channelsFault({ kind: 'reset', times: 1 });

      await expect(d360.partnerClient().listChannels()).resolves.toMatchObject({ total: 0 });
      expect(await countPartnerRequests(d360, 'GET', '/channels')).toBe(2);
    });

    it('stops when its caller gives up, without retrying or counting it against 360dialog', async () => {
      await channelsFault({ kind: 'latency', latencyMs: 3_000 });
      const client = d360.partnerClient({ breaker: { volumeThreshold: 1 } });

      await expect(client.listChannels({}, { signal: AbortSignal.timeout(200) })).rejects.toMatchObject({ code: 'D360.ABORTED' });
      expect(await countPartnerRequests(d360, 'GET', '/channels')).toBe(1);
      expect(client.breakerState()).toBe('closed');
    });
  });
});
