// Original file: chatpilot/registry/v1/registry.proto

export const LinkOutcome = {
  LINK_OUTCOME_UNSPECIFIED: 'LINK_OUTCOME_UNSPECIFIED',
  LINK_OUTCOME_LINKED: 'LINK_OUTCOME_LINKED',
  LINK_OUTCOME_ALREADY_LINKED: 'LINK_OUTCOME_ALREADY_LINKED',
  LINK_OUTCOME_CONFLICT: 'LINK_OUTCOME_CONFLICT',
} as const;

export type LinkOutcome =
  | 'LINK_OUTCOME_UNSPECIFIED'
  | 0
  | 'LINK_OUTCOME_LINKED'
  | 1
  | 'LINK_OUTCOME_ALREADY_LINKED'
  | 2
  | 'LINK_OUTCOME_CONFLICT'
  | 3

export type LinkOutcome__Output = typeof LinkOutcome[keyof typeof LinkOutcome]
