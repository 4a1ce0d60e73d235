import { z } from 'zod';

import { defineEvent } from '../event-definition';

/** DESIGN.md §2: the onboarding session state machine. */
export const onboardingSessionStatuses = ['pending', 'in_progress', 'channel_created', 'activating', 'completed', 'failed'] as const;
const sessionStatus = z.enum(onboardingSessionStatuses);

export const onboardingSessionChannelsLinkedDataSchema = z.object({
  session_id: z.string().min(1),
  client_id: z.string().min(1),
  channel_ids: z.array(z.string().min(1)).min(1),
});

export const onboardingSessionStatusChangedDataSchema = z.object({
  session_id: z.string().min(1),
  from: sessionStatus,
  to: sessionStatus,
  error_code: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an upper-case error code').optional(),
});

/** Published by onboarding. */
export const onboardingEvents = {
  'onboarding.session.channels_linked': defineEvent({ version: 1, data: onboardingSessionChannelsLinkedDataSchema }),
  'onboarding.session.status_changed': defineEvent({ version: 1, data: onboardingSessionStatusChangedDataSchema }),
} as const;
