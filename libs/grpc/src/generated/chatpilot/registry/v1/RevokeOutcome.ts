// Original file: chatpilot/registry/v1/registry.proto

export const RevokeOutcome = {
  REVOKE_OUTCOME_UNSPECIFIED: 'REVOKE_OUTCOME_UNSPECIFIED',
  REVOKE_OUTCOME_REVOKED: 'REVOKE_OUTCOME_REVOKED',
  REVOKE_OUTCOME_ALREADY_REVOKED: 'REVOKE_OUTCOME_ALREADY_REVOKED',
  REVOKE_OUTCOME_NOT_FOUND: 'REVOKE_OUTCOME_NOT_FOUND',
} as const;

export type RevokeOutcome =
  | 'REVOKE_OUTCOME_UNSPECIFIED'
  | 0
  | 'REVOKE_OUTCOME_REVOKED'
  | 1
  | 'REVOKE_OUTCOME_ALREADY_REVOKED'
  | 2
  | 'REVOKE_OUTCOME_NOT_FOUND'
  | 3

export type RevokeOutcome__Output = typeof RevokeOutcome[keyof typeof RevokeOutcome]
