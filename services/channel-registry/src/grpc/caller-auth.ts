import type { CallerAuthConfig } from '@chatpilot/grpc';

import type { RegistryConfig } from '../config';
import { methodPath } from './registry-proto';

/** Callers from REGISTRY_CALLERS, and each method's allow-list from its REGISTRY_ALLOW_* variable. */
export function registryCallerAuth(config: RegistryConfig): CallerAuthConfig {
  return {
    callers: new Map(config.REGISTRY_CALLERS.map(({ caller, tokenSha256 }) => [tokenSha256, caller])),
    allow: {
      [methodPath('LinkChannels')]: config.REGISTRY_ALLOW_LINK_CHANNELS,
      [methodPath('GetChannel')]: config.REGISTRY_ALLOW_GET_CHANNEL,
      [methodPath('ListChannels')]: config.REGISTRY_ALLOW_LIST_CHANNELS,
      [methodPath('ResolveChannel')]: config.REGISTRY_ALLOW_RESOLVE_CHANNEL,
      [methodPath('MarkRevoked')]: config.REGISTRY_ALLOW_MARK_REVOKED,
    },
  };
}
