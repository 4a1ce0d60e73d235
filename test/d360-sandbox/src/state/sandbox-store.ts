import type { IdGenerator } from '../domain/ids';
import type { ApiKeyRecord, ChannelRecord, ClientRecord, PartnerRecord } from '../domain/records';
import { FaultRegistry } from './fault-registry';
import { RequestLog } from './request-log';
import type { SandboxSettings } from './settings';

export interface PartnerCredentials {
  partnerApiKey: string;
  username: string;
  password: string;
}

export interface StoreSeed {
  partner: PartnerRecord;
  credentials: PartnerCredentials;
  platformSecret: string;
  settings: SandboxSettings;
}

const TOKEN_TTL_SECONDS = 86_400;

/** The sandbox's in-memory world: one partner hub with its clients, channels and keys. */
export class SandboxStore {
  partner: PartnerRecord;
  platformSecret: string;
  settings: SandboxSettings;
  readonly credentials: PartnerCredentials;
  readonly requests = new RequestLog();
  readonly faults = new FaultRegistry();
  private clients = new Map<string, ClientRecord>();
  private channels = new Map<string, ChannelRecord>();
  private apiKeys: ApiKeyRecord[] = [];
  private accessTokens = new Map<string, number>();

  constructor(
    private readonly seed: StoreSeed,
    private readonly ids: IdGenerator,
  ) {
    this.partner = { ...seed.partner };
    this.platformSecret = seed.platformSecret;
    this.settings = structuredClone(seed.settings);
    this.credentials = seed.credentials;
  }

  /** Back to the seed: no clients, channels, keys, tokens, requests or faults; seed settings. */
  reset(): void {
    this.partner = { ...this.seed.partner };
    this.platformSecret = this.seed.platformSecret;
    this.settings = structuredClone(this.seed.settings);
    this.clients.clear();
    this.channels.clear();
    this.apiKeys = [];
    this.accessTokens.clear();
    this.requests.clear();
    this.faults.clear();
  }

  addClient(client: ClientRecord): void {
    this.clients.set(client.id, client);
  }

  client(id: string): ClientRecord | undefined {
    return this.clients.get(id);
  }

  clientByEmail(email: string): ClientRecord | undefined {
    return [...this.clients.values()].find((c) => c.email !== null && c.email.toLowerCase() === email.toLowerCase());
  }

  allClients(): ClientRecord[] {
    return [...this.clients.values()];
  }

  addChannel(channel: ChannelRecord): void {
    this.channels.set(channel.id, channel);
  }

  channel(id: string): ChannelRecord | undefined {
    return this.channels.get(id);
  }

  allChannels(): ChannelRecord[] {
    return [...this.channels.values()];
  }

  channelsOfClient(clientId: string): ChannelRecord[] {
    return this.allChannels().filter((c) => c.clientId === clientId);
  }

  issueAccessToken(now = Date.now()): { token: string; expiresIn: number } {
    const token = this.ids.accessToken();
    this.accessTokens.set(token, now + TOKEN_TTL_SECONDS * 1000);
    return { token, expiresIn: TOKEN_TTL_SECONDS };
  }

  isValidAccessToken(token: string, now = Date.now()): boolean {
    const expiresAt = this.accessTokens.get(token);
    return expiresAt !== undefined && expiresAt > now;
  }

  /** A new key for the channel; every earlier key of the channel is revoked. */
  createApiKey(channel: ChannelRecord, address: string): ApiKeyRecord {
    const now = new Date().toISOString();
    this.revokeApiKeys(channel.id);
    const key = { id: this.ids.apiKeyId(), channelId: channel.id, apiKey: this.ids.apiKey(), address, appId: channel.appId, createdAt: now, revokedAt: null };
    this.apiKeys.push(key);
    return key;
  }

  apiKeysOf(channelId: string, options: { includeRevoked: boolean }): ApiKeyRecord[] {
    return this.apiKeys.filter((k) => k.channelId === channelId && (options.includeRevoked || k.revokedAt === null));
  }

  /** Revokes the channel's active keys (or just `keyId`); returns how many were revoked. */
  revokeApiKeys(channelId: string, keyId?: string): number {
    const now = new Date().toISOString();
    const targets = this.apiKeysOf(channelId, { includeRevoked: false }).filter((k) => keyId === undefined || k.id === keyId);
    for (const key of targets) key.revokedAt = now;
    return targets.length;
  }

  /** The channel whose current (unrevoked) key this is. */
  channelForApiKey(apiKey: string): ChannelRecord | undefined {
    const key = this.apiKeys.find((k) => k.apiKey === apiKey && k.revokedAt === null);
    return key === undefined ? undefined : this.channels.get(key.channelId);
  }
}
