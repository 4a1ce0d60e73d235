import { maskChannelKey, requireKey, requireRotatable, requireSameTenant, type ChannelKey, type MaskedChannelKey } from '../domain/channel-key';
import { auditEntry, auditingFailures, type AuditSubject } from './audit';
import type { CallContext, VaultDependencies, VaultTransaction } from './ports';
import { registerChannelWebhook } from './register-channel-webhook';
import { storeIssuedKey } from './store-issued-key';

export interface ProvisionChannelKeyCommand {
  tenantId: string;
  channelId: string;
  /** Issue a new key even when the channel has an active one; refused for a revoked one. */
  forceRotate: boolean;
}

export interface ProvisionResult {
  key: MaskedChannelKey;
  /** False when the existing active key was returned and 360dialog was not called. */
  created: boolean;
}

interface IssueOutcome {
  key: ChannelKey;
  created: boolean;
  /** The new key in the clear, only when it was just issued (for the webhook registration). */
  apiKey?: string;
}

/**
 * Idempotent: a channel with an active key gets it back without a 360dialog call, because a
 * new key would revoke the old one at 360dialog. The channel is locked for the whole exchange
 * so concurrent calls (or replicas) cannot both create a key.
 */
export function provisionChannelKey(deps: VaultDependencies, context: CallContext, command: ProvisionChannelKeyCommand): Promise<ProvisionResult> {
  return issueKey(deps, context, { method: 'ProvisionChannelKey', tenantId: command.tenantId, channelId: command.channelId }, command.forceRotate);
}

/** The operator's rotation: a new 360dialog key for a channel that has an active one, for its current tenant. */
export async function rotateChannelKey(deps: VaultDependencies, context: CallContext, channelId: string): Promise<ProvisionResult> {
  const subject: AuditSubject = { method: 'RotateChannelKey', channelId };
  const existing = await auditingFailures(deps, context, subject, async () => requireKey(await deps.store.findChannelKey(channelId), channelId));
  return issueKey(deps, context, { ...subject, tenantId: existing.tenantId }, true);
}

function issueKey(deps: VaultDependencies, context: CallContext, subject: AuditSubject & { tenantId: string }, forceRotate: boolean): Promise<ProvisionResult> {
  return auditingFailures(deps, context, subject, async () => {
    const outcome = await deps.provisioning.run(() => deps.store.transaction((tx) => issueOrReuse(tx, deps, context, subject, forceRotate)));
    const key = await registerChannelWebhook(deps, outcome.key, outcome.apiKey);
    return { key: maskChannelKey(key), created: outcome.created };
  });
}

async function issueOrReuse(
  tx: VaultTransaction,
  deps: VaultDependencies,
  context: CallContext,
  subject: AuditSubject & { tenantId: string },
  forceRotate: boolean,
): Promise<IssueOutcome> {
  await tx.lockChannel(subject.channelId);
  const existing = await tx.findChannelKey(subject.channelId);
  // A channel stays its first tenant's, revoked or not, as in channel-registry (LinkChannels).
  if (existing !== undefined) requireSameTenant(existing, subject.tenantId);
  if (existing !== undefined && forceRotate) requireRotatable(existing);
  if (existing?.status === 'active') {
    if (!forceRotate) {
      await tx.recordAudit([auditEntry(deps, context, subject, { generation: existing.generation, detail: 'existing active key returned' })]);
      return { key: existing, created: false };
    }
  }
  const issued = await deps.partnerApi.createChannelApiKey(subject.channelId);
  const key = await storeIssuedKey(tx, deps, context, subject, existing, issued);
  return { key, created: true, apiKey: issued.apiKey };
}
