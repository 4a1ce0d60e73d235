import type { PermissionGrant } from '../domain/permission-form';
import type { ChannelRecord, ClientRecord } from '../domain/records';
import type { ChannelProgression } from './channel-progression';
import type { LifecycleDeps } from './lifecycle-deps';

/** What the permission link carried besides the form: pre-fills and the partner payload. */
export interface LinkContext {
  name?: string;
  email?: string;
  partnerPayload?: string;
  /** Account sharing: an existing client of this partner. */
  clientId?: string;
}

export interface GrantOutcome {
  client: ClientRecord;
  /** Channels permitted in this call: new ones and existing ones kept. */
  channelIds: string[];
  revokedIds: string[];
}

/**
 * The permission page's submit: find or create the client, create a channel per new number,
 * apply revocations, then raise client_created / channel_created before or after the redirect
 * (setting `webhookOrder`) and start each new channel's status progression.
 */
export class PermissionGrantHandler {
  constructor(
    private readonly deps: LifecycleDeps,
    private readonly progression: ChannelProgression,
  ) {}

  /** The client the link or e-mail points at, if it already exists. */
  existingClient(link: LinkContext): ClientRecord | undefined {
    const byId = link.clientId === undefined ? undefined : this.deps.store.client(link.clientId);
    if (byId !== undefined) return byId;
    return link.email === undefined ? undefined : this.deps.store.clientByEmail(link.email);
  }

  async grant(grant: PermissionGrant, link: LinkContext): Promise<GrantOutcome> {
    const existing = this.existingClient({ ...link, email: grant.email ?? link.email });
    const client = existing ?? this.createClient(grant, link);
    const owned = new Set(this.deps.store.channelsOfClient(client.id).map((c) => c.id));
    const revokedIds = grant.revokedChannelIds.filter((id) => owned.has(id));
    const keptIds = grant.keptChannelIds.filter((id) => owned.has(id));
    for (const id of revokedIds) this.setPermission(id, false);
    for (const id of keptIds) this.setPermission(id, true);

    const created = grant.phoneNumbers.map((number) => this.createChannel(client, number, grant));
    const events = [...(existing === undefined ? [this.deps.events.clientCreated(client)] : []), ...created.map((c) => this.deps.events.channelStage(c, client))];
    const announce = async (): Promise<void> => {
      await Promise.all(events.map((e) => this.deps.sender.send(e)));
      for (const channel of created) this.progression.schedule(channel);
    };
    if (this.deps.store.settings.webhookOrder === 'before_redirect') await announce();
    else this.deps.scheduler.after(this.deps.store.settings.afterRedirectDelayMs, () => void announce());

    this.deps.logger.info({ clientId: client.id, channels: created.length, revoked: revokedIds.length }, 'permission granted');
    return { client, channelIds: [...created.map((c) => c.id), ...keptIds], revokedIds };
  }

  private createClient(grant: PermissionGrant, link: LinkContext): ClientRecord {
    const client: ClientRecord = {
      id: this.deps.ids.clientId(),
      partnerId: this.deps.store.partner.id,
      name: link.name ?? grant.displayName,
      email: grant.email ?? link.email ?? null,
      partnerPayload: link.partnerPayload ?? null,
      createdAt: new Date().toISOString(),
    };
    this.deps.store.addClient(client);
    return client;
  }

  private createChannel(client: ClientRecord, phoneNumber: string, grant: PermissionGrant): ChannelRecord {
    const channel: ChannelRecord = {
      id: this.deps.ids.channelId(),
      clientId: client.id,
      phoneNumber,
      phoneName: grant.displayName,
      stage: 'created',
      coexistence: grant.coexistence,
      shareHistory: grant.shareHistory,
      wabaId: this.deps.ids.wabaId(),
      phoneNumberId: this.deps.ids.phoneNumberId(),
      appId: this.deps.ids.appId(),
      createdAt: new Date().toISOString(),
      billingStartedAt: null,
      terminatedAt: null,
      permissionRevoked: false,
      qualityRating: null,
      messagingLimit: null,
      webhookUrl: null,
      synced: { history: false, smb_app_state_sync: false },
    };
    this.deps.store.addChannel(channel);
    return channel;
  }

  private setPermission(channelId: string, granted: boolean): void {
    const channel = this.deps.store.channel(channelId)!;
    channel.permissionRevoked = !granted;
    if (!granted) this.deps.store.revokeApiKeys(channelId);
  }
}
