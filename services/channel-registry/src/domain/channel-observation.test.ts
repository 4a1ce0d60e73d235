import { type Channel, newlyLinkedChannel } from './channel';
import { readChannelFacts } from './channel-facts';
import { applyObservation, partnerApiObservation, revokeChannel, webhookObservation, type ObservationOutcome } from './channel-observation';

const LINKED_AT = new Date('2026-01-01T10:00:00Z');
const at = (minute: number): Date => new Date(LINKED_AT.getTime() + minute * 60_000);

function channel(overrides: Partial<Channel> = {}): Channel {
  return {
    ...newlyLinkedChannel({ tenantId: 't-1', channelId: 'ch-1', clientId: 'cl-1', onboardingSessionId: 's-1', linkedAt: LINKED_AT }),
    ...overrides,
  };
}

const webhook = (event: string, minute: number, data: unknown = {}) => webhookObservation(event, undefined, readChannelFacts(data), at(minute));
const poll = (data: unknown, minute: number) => partnerApiObservation(readChannelFacts(data), at(minute));

function applied(outcome: ObservationOutcome) {
  if (outcome.kind !== 'applied') throw new Error(`expected the observation to apply, it was ${outcome.kind} (${outcome.reason})`);
  return outcome;
}

describe('applyObservation', () => {
  it('announces the first status 360dialog reports with from = null, even when it is still pending', () => {
    const outcome = applied(applyObservation(channel(), webhook('channel_created', 1)));
    expect(outcome.statusChange).toEqual({ from: null, to: 'pending', rawStatus: 'channel_created', at: at(1) });
    expect(outcome.channel).toMatchObject({ status: 'pending', rawStatus: 'channel_created', lastEventAt: at(1), statusChangedAt: at(1) });
  });

  it('dates a change from a webhook received before the link just after the link, so the newest change is last', () => {
    const outcome = applied(applyObservation(channel(), webhook('channel_running', -1)));
    const justAfterLink = new Date(LINKED_AT.getTime() + 1);
    expect(outcome.statusChange).toEqual({ from: null, to: 'running', rawStatus: 'channel_running', at: justAfterLink });
    expect(outcome.channel).toMatchObject({ status: 'running', statusChangedAt: justAfterLink, lastEventAt: at(-1) });
  });

  it('moves a channel forward and announces the change', () => {
    const ready = channel({ status: 'ready', rawStatus: 'channel_ready', lastEventAt: at(1) });
    const outcome = applied(applyObservation(ready, webhook('channel_running', 2)));
    expect(outcome.statusChange).toEqual({ from: 'ready', to: 'running', rawStatus: 'channel_running', at: at(2) });
    expect(outcome.channel).toMatchObject({ status: 'running', statusChangedAt: at(2), lastEventAt: at(2) });
    expect(outcome.changed).toBe(true);
  });

  it('changes nothing when the same news comes again', () => {
    const running = channel({ status: 'running', rawStatus: 'channel_running', lastEventAt: at(2), statusChangedAt: at(2) });
    const outcome = applied(applyObservation(running, webhook('channel_running', 2)));
    expect(outcome).toMatchObject({ changed: false, statusChange: undefined, qualityChange: undefined });
    expect(outcome.channel).toEqual(running);
  });

  it('ignores news older than the last observation applied', () => {
    const restricted = channel({ status: 'restricted', rawStatus: 'account_restriction', lastEventAt: at(5) });
    expect(applyObservation(restricted, webhook('channel_running', 4))).toEqual({ kind: 'ignored', reason: 'stale' });
  });

  it('lets a webhook received before a Partner API read, but applied after it, still count', () => {
    const read = applied(applyObservation(channel(), poll({ status: 'ready' }, 5)));
    expect(read.channel).toMatchObject({ status: 'ready', lastEventAt: null });
    const buffered = applied(applyObservation(read.channel, webhook('channel_running', 3)));
    expect(buffered.statusChange).toMatchObject({ from: 'ready', to: 'running' });
  });

  it('lets a restriction received before a read apply after it: the read cannot show it', () => {
    const running = channel({ status: 'running', rawStatus: 'channel_running', lastEventAt: at(1) });
    const read = applied(applyObservation(running, poll({ status: 'ready' }, 5)));
    expect(read.channel).toMatchObject({ status: 'running', lastEventAt: at(1) });
    expect(applied(applyObservation(read.channel, webhook('account_restriction', 3))).statusChange).toMatchObject({ from: 'running', to: 'restricted' });
  });

  it('ignores a Partner API read sent before the last webhook was received', () => {
    const ready = channel({ status: 'ready', rawStatus: 'channel_ready', lastEventAt: at(5) });
    expect(applyObservation(ready, poll({ status: 'running', terminated_at: '2026-01-02T00:00:00Z' }, 4))).toEqual({ kind: 'ignored', reason: 'stale' });
  });

  it('never steps back from running to ready or pending, whatever the order of arrival', () => {
    const running = channel({ status: 'running', rawStatus: 'channel_running', lastEventAt: at(2) });
    const outcome = applied(applyObservation(running, webhook('channel_ready', 3)));
    expect(outcome.statusChange).toBeUndefined();
    expect(outcome.channel).toMatchObject({ status: 'running', rawStatus: 'channel_running', lastEventAt: at(3) });
  });

  it('lets a newer webhook lift a restriction', () => {
    const restricted = channel({ status: 'restricted', rawStatus: 'account_restriction', lastEventAt: at(2) });
    expect(applied(applyObservation(restricted, webhook('channel_live', 3))).statusChange).toMatchObject({ from: 'restricted', to: 'running' });
  });

  it('does not let the Partner API lift a restriction or an offboarding it cannot see', () => {
    for (const status of ['restricted', 'offboarded'] as const) {
      const held = channel({ status, rawStatus: 'x', lastEventAt: at(2) });
      const outcome = applied(applyObservation(held, poll({ status: 'running' }, 3)));
      expect(outcome.channel.status).toBe(status);
      expect(outcome.statusChange).toBeUndefined();
    }
  });

  it('lets the Partner API report a terminated restricted channel as offboarded', () => {
    const restricted = channel({ status: 'restricted', rawStatus: 'account_restriction', lastEventAt: at(2) });
    const outcome = applied(applyObservation(restricted, poll({ status: 'running', terminated_at: '2026-01-02T00:00:00Z' }, 3)));
    expect(outcome.statusChange).toEqual({ from: 'restricted', to: 'offboarded', rawStatus: 'running', at: at(3) });
  });

  it('ignores everything 360dialog says about a revoked channel', () => {
    const revoked = channel({ status: 'revoked', rawStatus: 'channel_running' });
    expect(applyObservation(revoked, webhook('channel_running', 9))).toEqual({ kind: 'ignored', reason: 'revoked' });
  });

  it('keeps the status for a signal without a status, but records the quality it carries', () => {
    const running = channel({ status: 'running', rawStatus: 'channel_running', qualityRating: 'GREEN', messagingLimit: 'TIER_250', lastEventAt: at(1) });
    const outcome = applied(applyObservation(running, webhook('cancellation_request', 2, { current_quality_rating: 'YELLOW', current_limit: 'TIER_250' })));
    expect(outcome.statusChange).toBeUndefined();
    expect(outcome.qualityChange).toEqual({ from: 'GREEN', to: 'YELLOW', messagingLimit: 'TIER_250' });
    expect(outcome.channel).toMatchObject({ status: 'running', qualityRating: 'YELLOW' });
  });

  it('announces a messaging limit change with the current rating', () => {
    const running = channel({ status: 'running', rawStatus: 'running', qualityRating: 'GREEN', messagingLimit: 'TIER_250', lastEventAt: at(1) });
    const outcome = applied(applyObservation(running, poll({ status: 'running', current_limit: 'TIER_1K' }, 2)));
    expect(outcome.qualityChange).toEqual({ from: 'GREEN', to: 'GREEN', messagingLimit: 'TIER_1K' });
  });

  it('fills the number, WABA and display name from a Partner API read without announcing a status', () => {
    const pending = channel({ rawStatus: 'created', lastEventAt: at(1) });
    const outcome = applied(
      applyObservation(pending, poll({ status: 'created', setup_info: { phone_number: '+49151', phone_name: 'Acme' }, waba_account: { id: '777' }, is_on_biz_app: true }, 2)),
    );
    expect(outcome.statusChange).toBeUndefined();
    expect(outcome.changed).toBe(true);
    expect(outcome.channel).toMatchObject({ phoneNumber: '+49151', displayName: 'Acme', wabaAccountId: '777', coexistence: true });
  });

  it('keeps the status for a Partner API status the table does not know, and says so', () => {
    const ready = channel({ status: 'ready', rawStatus: 'ready', lastEventAt: at(1) });
    const news = poll({ status: 'brand_new_status' }, 2);
    expect(news.mapped).toBe(false);
    expect(applied(applyObservation(ready, news)).channel).toMatchObject({ status: 'ready', rawStatus: 'ready' });
  });
});

describe('revokeChannel', () => {
  it('revokes and announces the change from the current status', () => {
    const running = channel({ status: 'running', rawStatus: 'channel_running' });
    expect(revokeChannel(running, 'permission removed', at(3))).toEqual({
      channel: { ...running, status: 'revoked', statusChangedAt: at(3), revokedAt: at(3), revokeReason: 'permission removed' },
      statusChange: { from: 'running', to: 'revoked', rawStatus: 'channel_running', at: at(3) },
    });
  });

  it('does nothing to a channel that is already revoked', () => {
    expect(revokeChannel(channel({ status: 'revoked' }), 'again', at(4))).toBeUndefined();
  });
});
