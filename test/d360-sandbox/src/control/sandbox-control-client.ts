import type {
  ChannelSnapshot,
  ChannelStage,
  ClientRecord,
  FaultInput,
  FaultRule,
  OnboardRequest,
  OnboardResult,
  OnDemandEvent,
  ReceivedRequest,
  RequestFilter,
  SandboxInfo,
  SandboxSettings,
  SettingsPatch,
  SyncKind,
  WebhookDelivery,
} from './control-types';

export class SandboxControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    method: string,
    path: string,
  ) {
    super(`sandbox control ${method} ${path} answered ${status}: ${JSON.stringify(body)}`);
    this.name = 'SandboxControlError';
  }
}

/** Typed client for the sandbox control API (`/sandbox/...`), over HTTP with global fetch. */
export class SandboxControlClient {
  private readonly base: string;

  /** `baseUrl` is the sandbox root, e.g. `http://127.0.0.1:4360`. */
  constructor(baseUrl: string) {
    this.base = `${baseUrl.replace(/\/+$/, '')}/sandbox`;
  }

  info = (): Promise<SandboxInfo> => this.call('GET', '/info');
  reset = (): Promise<void> => this.call('POST', '/reset');
  settings = (): Promise<SandboxSettings> => this.call('GET', '/settings');
  updateSettings = (patch: SettingsPatch): Promise<SandboxSettings> => this.call('PATCH', '/settings', patch);

  requests = async (filter: RequestFilter = {}): Promise<ReceivedRequest[]> =>
    (await this.call<{ requests: ReceivedRequest[] }>('GET', `/requests${query({ ...filter })}`)).requests;
  clearRequests = (): Promise<void> => this.call('DELETE', '/requests');
  webhooks = async (event?: string): Promise<WebhookDelivery[]> =>
    (await this.call<{ deliveries: WebhookDelivery[] }>('GET', `/webhooks${query({ event })}`)).deliveries;

  clients = async (): Promise<ClientRecord[]> => (await this.call<{ clients: ClientRecord[] }>('GET', '/clients')).clients;
  channels = async (): Promise<ChannelSnapshot[]> => (await this.call<{ channels: ChannelSnapshot[] }>('GET', '/channels')).channels;
  channel = (id: string): Promise<ChannelSnapshot> => this.call('GET', `/channels/${encodeURIComponent(id)}`);
  updateChannel = (id: string, patch: { qualityRating?: string | null; messagingLimit?: string | null }): Promise<ChannelSnapshot> =>
    this.call('PATCH', `/channels/${encodeURIComponent(id)}`, patch);
  /** Moves the channel to `status` and raises that stage's webhook (resolves after its first attempt). */
  setChannelStatus = (id: string, status: ChannelStage): Promise<ChannelSnapshot> =>
    this.call('POST', `/channels/${encodeURIComponent(id)}/status`, { status });
  advanceChannel = (id: string): Promise<ChannelSnapshot> => this.call('POST', `/channels/${encodeURIComponent(id)}/advance`);
  raiseEvent = (id: string, event: OnDemandEvent, data?: Record<string, unknown>): Promise<{ eventId: string }> =>
    this.call('POST', `/channels/${encodeURIComponent(id)}/events`, { event, ...(data === undefined ? {} : { data }) });
  startCoexistenceSync = (id: string, kinds?: SyncKind[]): Promise<{ started: SyncKind[] }> =>
    this.call('POST', `/channels/${encodeURIComponent(id)}/coexistence-sync`, kinds === undefined ? {} : { kinds });
  /** The permission page's effect without a browser. */
  onboard = (request: OnboardRequest): Promise<OnboardResult> => this.call('POST', '/onboard', request);

  faults = async (): Promise<FaultRule[]> => (await this.call<{ faults: FaultRule[] }>('GET', '/faults')).faults;
  addFault = (fault: FaultInput): Promise<FaultRule> => this.call('POST', '/faults', fault);
  removeFault = (id: string): Promise<void> => this.call('DELETE', `/faults/${encodeURIComponent(id)}`);
  clearFaults = (): Promise<void> => this.call('DELETE', '/faults');
  /** Replaces the platform secret (random unless given); webhooks are signed with it from now on. */
  rotatePlatformSecret = async (secret?: string): Promise<string> =>
    (await this.call<{ platformSecret: string }>('POST', '/platform-secret', secret === undefined ? {} : { secret })).platformSecret;

  private async call<T = void>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    if (!response.ok) throw new SandboxControlError(response.status, parsed, method, path);
    return parsed as T;
  }
}

function query(params: Record<string, string | undefined>): string {
  const entries = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries).toString()}`;
}
