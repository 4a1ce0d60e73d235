// Original file: chatpilot/vault/v1/vault.proto

export const ChannelKeyStatus = {
  CHANNEL_KEY_STATUS_UNSPECIFIED: 'CHANNEL_KEY_STATUS_UNSPECIFIED',
  CHANNEL_KEY_STATUS_ACTIVE: 'CHANNEL_KEY_STATUS_ACTIVE',
  CHANNEL_KEY_STATUS_REVOKED: 'CHANNEL_KEY_STATUS_REVOKED',
} as const;

export type ChannelKeyStatus =
  | 'CHANNEL_KEY_STATUS_UNSPECIFIED'
  | 0
  | 'CHANNEL_KEY_STATUS_ACTIVE'
  | 1
  | 'CHANNEL_KEY_STATUS_REVOKED'
  | 2

export type ChannelKeyStatus__Output = typeof ChannelKeyStatus[keyof typeof ChannelKeyStatus]
