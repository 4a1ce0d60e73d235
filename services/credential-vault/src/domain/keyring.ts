import type { KeyObject } from 'node:crypto';
import { deriveKeyId } from './encryption-key';
import { VaultError } from './vault-errors';

export interface KeyringKeys {
  /** Encrypts everything new. */
  current: KeyObject;
  /** Still decrypt what they encrypted, until `rewrap` has moved every row to the current key. */
  previous: readonly KeyObject[];
}

/** The encryption keys the vault holds, by their derived ids. */
export class Keyring {
  private constructor(
    readonly currentKeyId: string,
    private readonly keysById: ReadonlyMap<string, KeyObject>,
  ) {}

  static create(keys: KeyringKeys): Keyring {
    const currentKeyId = deriveKeyId(keys.current);
    const keysById = new Map<string, KeyObject>([[currentKeyId, keys.current]]);
    for (const key of keys.previous) {
      const id = deriveKeyId(key);
      if (!keysById.has(id)) keysById.set(id, key);
    }
    return new Keyring(currentKeyId, keysById);
  }

  get currentKey(): KeyObject {
    return this.keyFor(this.currentKeyId);
  }

  keyFor(keyId: string): KeyObject {
    const key = this.keysById.get(keyId);
    if (key === undefined) throw new VaultError('VAULT.UNKNOWN_ENCRYPTION_KEY', `no encryption key with id "${keyId}" is loaded`);
    return key;
  }

  get keyIds(): string[] {
    return [...this.keysById.keys()];
  }
}
