import type { Logger } from '@chatpilot/logger';

import type { SessionMetrics } from './ports';

/**
 * Each committed session transition as one info line (session, tenant, from → to, error code),
 * so a session can be followed through the saga in the logs. Rides on the metrics' after-commit
 * hook: a transition that rolled back is never logged.
 */
export function logTransitions(metrics: SessionMetrics, logger: Logger): SessionMetrics {
  return {
    ...metrics,
    transitioned: (change, session) => {
      metrics.transitioned(change, session);
      logger.info(
        { session_id: session.id, tenant_id: session.tenantId, from: change.from, to: change.to, error_code: change.errorCode, channel_ids: session.channelIds },
        `onboarding session ${change.to}`,
      );
    },
  };
}
