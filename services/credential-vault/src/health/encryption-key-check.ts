import type { Keyring } from '../domain/keyring';
import { openApiKey, sealApiKey } from '../domain/sealed-api-key';
import type { DependencyCheck } from './serving-status-monitor';

const PROBE = 'encryption-key-self-test';
const PROBE_BINDING = { tenantId: 'health', channelId: 'probe' };

/** Passes when the current key seals and opens a probe: a key is loaded and usable. */
export function encryptionKeyCheck(keyring: Keyring): DependencyCheck {
  return {
    name: 'encryption_key',
    check: async () => {
      if (openApiKey(keyring, sealApiKey(keyring, PROBE, PROBE_BINDING).sealed, PROBE_BINDING) !== PROBE) {
        throw new Error('the encryption key failed its self-test');
      }
    },
  };
}
