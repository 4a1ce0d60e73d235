import type { OnboardingSession } from '../domain/session';
import { applyCommands } from './apply-commands';
import { ChannelKeyRefusedError, type OnboardingStore } from './ports';
import type { SagaDeps } from './saga-deps';

/**
 * `channel_created`: has credential-vault provision each channel's messaging API key (the vault
 * calls 360dialog itself, so the key never leaves it) → `activating`. The vault returns an
 * existing key instead of creating another, so repeating this step is harmless.
 */
export async function provisionSessionKeys(deps: SagaDeps, store: OnboardingStore, session: OnboardingSession): Promise<void> {
  for (const channelId of session.channelIds) {
    try {
      const key = await deps.vault.provisionChannelKey(session.tenantId, channelId);
      await store.channels.recordKey(channelId, key);
    } catch (error) {
      if (!(error instanceof ChannelKeyRefusedError)) throw error;
      deps.logger.warn({ err: error, session_id: session.id, channel_id: channelId }, 'credential-vault refused the channel key');
      await applyCommands(store, deps.metrics, session, [{ kind: 'fail', code: 'CHANNEL_ERROR', at: deps.clock.now(), detail: `(${channelId})` }]);
      return;
    }
  }
  await applyCommands(store, deps.metrics, session, [{ kind: 'keys_provisioned', at: deps.clock.now() }]);
}
