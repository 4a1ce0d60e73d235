import { isKnownEventType } from '@chatpilot/contracts';

import { consumedEventTypes } from './d360-events.consumer';

describe('consumedEventTypes', () => {
  it('binds every 360dialog status, restriction and cancellation event of the catalog', () => {
    expect(consumedEventTypes()).toEqual(
      expect.arrayContaining([
        'd360.channel_created',
        'd360.channel_submitted',
        'd360.channel_ready',
        'd360.channel_running',
        'd360.channel_live',
        'd360.account_violation',
        'd360.account_restriction',
        'd360.cancellation_request',
        'd360.cancellation_revoke',
        'd360.cancellation_processed',
      ]),
    );
  });

  it('binds only types the event catalog knows, so every delivery validates', () => {
    expect(consumedEventTypes().every((type) => isKnownEventType(type))).toBe(true);
    expect(consumedEventTypes()).not.toContain('d360.history');
  });
});
