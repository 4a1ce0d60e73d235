import type { Logger } from '@chatpilot/logger';
import { createCircuitBreaker, type CircuitBreakerOptions, type CircuitState } from '@chatpilot/resilience';

import { D360ApiError, isBreakerNeutral, type RequestDescription } from './d360-api-error';
import { exchange, type HttpRequest, type HttpResponse } from './http-exchange';
import {
  parseApiKeyList,
  parseChannelPage,
  parseCreatedApiKey,
  type ChannelApiKeyInfo,
  type CreatedChannelApiKey,
  type Parsed,
  type PartnerChannel,
  type PartnerChannelPage,
} from './partner-api-responses';
import { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, withRetries, type RetrySettings } from './retry-policy';

export const DEFAULT_PARTNER_API_URL = 'https://hub.360dialog.io/api/v2';

/** `X-API-Key` (360dialog's recommended auth) or a legacy bearer token. */
export type PartnerApiAuth = { apiKey: string } | { token: string };

export type PartnerApiBreakerOptions = Omit<CircuitBreakerOptions, 'name' | 'isExpectedError' | 'timeoutMs' | 'logger'> & { name?: string };

export interface PartnerApiClientOptions {
  /** e.g. DEFAULT_PARTNER_API_URL; the caller passes it from configuration. */
  baseUrl: string;
  partnerId: string;
  auth: PartnerApiAuth;
  /** Deadline of each attempt, body included. */
  timeoutMs?: number;
  retry?: RetrySettings;
  breaker?: PartnerApiBreakerOptions;
  logger: Logger;
  fetchImpl?: typeof fetch;
}

export interface CallOptions {
  /** Stops waiting (and retrying) when the caller's own deadline passes. */
  signal?: AbortSignal;
}

export interface ListChannelsQuery {
  /** Dot-path equality filters, e.g. `{ id: 'abc' }` or `{ 'setup_info.phone_number': '+49…' }`. */
  filters?: Record<string, unknown>;
  limit?: number;
  offset?: number;
  /** Field names, `-` prefix for descending. */
  sort?: string | readonly string[];
}

export interface PartnerApiClient {
  /** Creates a new key for the channel; 360dialog revokes the channel's previous keys. */
  createChannelApiKey(channelId: string, options?: CallOptions): Promise<CreatedChannelApiKey>;
  listChannels(query?: ListChannelsQuery, options?: CallOptions): Promise<PartnerChannelPage>;
  getChannel(channelId: string, options?: CallOptions): Promise<PartnerChannel | undefined>;
  listChannelApiKeys(channelId: string, options?: CallOptions): Promise<ChannelApiKeyInfo[]>;
  deleteChannelApiKey(channelId: string, keyId: string, options?: CallOptions): Promise<void>;
  breakerState(): CircuitState;
  /** False while the breaker is open: calls would fail fast with CircuitOpenError. */
  isAvailable(): boolean;
  /** Stops the breaker's timers. */
  close(): void;
}

interface PartnerCall {
  method: 'GET' | 'POST' | 'DELETE';
  pathTemplate: string;
  path: string;
  query?: URLSearchParams;
  signal?: AbortSignal;
  /** Narrows which retryable failures may be retried, as for a POST that must not run twice. */
  mayRetry?: (error: D360ApiError) => boolean;
}

/**
 * One URL path segment. encodeURIComponent leaves dots alone, and the URL parser resolves `.` and
 * `..` segments, so such an id would send the request (with the partner key) to another path.
 */
function pathSegment(name: string, value: string): string {
  if (value === '' || value === '.' || value === '..') throw new RangeError(`${name} ${JSON.stringify(value)} cannot be a URL path segment`);
  return encodeURIComponent(value);
}

const CHANNELS = '/partners/{partner_id}/channels';
const API_KEYS = '/partners/{partner_id}/channels/{channel_id}/api_keys';

/**
 * The 360dialog Partner API v2. Each attempt passes through one circuit breaker shared by every
 * method of this client; retries wrap the breaker, so an open breaker ends a call at once with
 * CircuitOpenError instead of waiting out the backoff.
 */
export function createPartnerApiClient(options: PartnerApiClientOptions): PartnerApiClient {
  const { call, breaker } = createPartnerCaller(options);
  const partnerPath = `/partners/${pathSegment('partner id', options.partnerId)}`;
  const channelPath = (channelId: string): string => `${partnerPath}/channels/${pathSegment('channel id', channelId)}`;

  const listChannels = async (query: ListChannelsQuery = {}, callOptions: CallOptions = {}): Promise<PartnerChannelPage> => {
    const response = await call({ method: 'GET', pathTemplate: CHANNELS, path: `${partnerPath}/channels`, query: listQuery(query), ...callOptions });
    return valueOrBadResponse(parseChannelPage(response.body), 'GET', CHANNELS, response.status);
  };

  return {
    createChannelApiKey: async (channelId, callOptions = {}) => {
      // Each new key revokes the channel's earlier ones, so a second attempt after a timeout or 5xx
      // could leave us holding a key the first, still running, attempt then revokes. Only a 429 is
      // known not to have been processed.
      const mayRetry = (error: D360ApiError): boolean => error.code === 'D360.RATE_LIMITED';
      const response = await call({ method: 'POST', pathTemplate: API_KEYS, path: `${channelPath(channelId)}/api_keys`, ...callOptions, mayRetry });
      return valueOrBadResponse(parseCreatedApiKey(response.body), 'POST', API_KEYS, response.status);
    },
    listChannels,
    getChannel: async (channelId, callOptions = {}) => {
      const page = await listChannels({ filters: { id: channelId } }, callOptions);
      // Matched again here: a filter the server ignored must not hand back someone else's channel.
      return page.partner_channels.find((channel) => channel.id === channelId);
    },
    listChannelApiKeys: async (channelId, callOptions = {}) => {
      const response = await call({ method: 'GET', pathTemplate: API_KEYS, path: `${channelPath(channelId)}/api_keys`, ...callOptions });
      return valueOrBadResponse(parseApiKeyList(response.body), 'GET', API_KEYS, response.status);
    },
    deleteChannelApiKey: async (channelId, keyId, callOptions = {}) => {
      const path = `${channelPath(channelId)}/api_keys/${pathSegment('key id', keyId)}`;
      await call({ method: 'DELETE', pathTemplate: `${API_KEYS}/{key_id}`, path, ...callOptions });
    },
    breakerState: () => breaker.state(),
    isAvailable: () => !breaker.isOpen(),
    close: () => breaker.shutdown(),
  };
}

function createPartnerCaller(options: PartnerApiClientOptions) {
  const settings = { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, fetchImpl: options.fetchImpl ?? fetch, logger: options.logger };
  const retrySettings = options.retry ?? DEFAULT_RETRY;
  const baseUrl = new URL(options.baseUrl).href.replace(/\/+$/, '');
  const headers = authHeaders(options.auth);
  const breaker = createCircuitBreaker((attempt: () => Promise<HttpResponse>) => attempt(), {
    name: 'd360-partner-api',
    ...options.breaker,
    // Each attempt already has its own deadline (AbortSignal.timeout) that also cancels the request.
    timeoutMs: false,
    isExpectedError: isBreakerNeutral,
    logger: options.logger,
  });

  const call = (spec: PartnerCall): Promise<HttpResponse> => {
    const description: RequestDescription = { api: 'Partner API', method: spec.method, pathTemplate: spec.pathTemplate };
    const url = new URL(`${baseUrl}${spec.path}`);
    if (spec.query !== undefined) url.search = spec.query.toString();
    const signal = spec.signal === undefined ? {} : { signal: spec.signal };
    const request: HttpRequest = { description, url, headers, ...signal };
    const mayRetry = spec.mayRetry === undefined ? {} : { mayRetry: spec.mayRetry };
    const retried = { description, settings: retrySettings, logger: options.logger, ...signal, ...mayRetry };
    return withRetries(retried, (attempt) => breaker.fire(() => exchange(request, attempt, settings)));
  };
  return { call, breaker };
}

function authHeaders(auth: PartnerApiAuth): Record<string, string> {
  return 'apiKey' in auth ? { 'x-api-key': auth.apiKey } : { authorization: `Bearer ${auth.token}` };
}

function listQuery(query: ListChannelsQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.filters !== undefined) params.set('filters', JSON.stringify(query.filters));
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.offset !== undefined) params.set('offset', String(query.offset));
  if (query.sort !== undefined) params.set('sort', typeof query.sort === 'string' ? query.sort : query.sort.join(','));
  return params;
}

/** A 2xx answer we cannot use. Not retried: a POST may already have created (and rotated) a key. */
function valueOrBadResponse<T>(parsed: Parsed<T>, method: string, pathTemplate: string, status: number): T {
  if (parsed.ok) return parsed.value;
  throw new D360ApiError({
    code: 'D360.BAD_RESPONSE',
    request: { api: 'Partner API', method, pathTemplate },
    status,
    retryable: false,
    problem: `answered ${status} without a usable ${parsed.problems.join(', ')}`,
  });
}
