import { readChannelFacts } from './channel-facts';

describe('readChannelFacts', () => {
  it('reads a Partner API channel object', () => {
    const channel = {
      id: 'abcCH',
      client_id: 'xyzCL',
      status: 'ready',
      account_mode: 'live',
      current_quality_rating: 'GREEN',
      current_limit: 'TIER_250',
      terminated_at: null,
      is_on_biz_app: true,
      setup_info: { phone_number: '+4915100000001', phone_name: 'Acme', was_in_use: true },
      waba_account: { id: 123456789012345, fb_account_status: 'verified' },
      integration: { enabled: true, state: 'pending' },
    };

    expect(readChannelFacts(channel)).toEqual({
      status: 'ready',
      integrationState: 'pending',
      terminated: false,
      qualityRating: 'GREEN',
      messagingLimit: 'TIER_250',
      accountMode: 'live',
      coexistence: true,
      phoneNumber: '+4915100000001',
      displayName: 'Acme',
      wabaAccountId: '123456789012345',
    });
  });

  it('falls back to the flat fields of channel_created and to setup_info.was_in_use', () => {
    const facts = readChannelFacts({ phone_number: '+49151', phone_name: 'Shop', setup_info: { was_in_use: false }, terminated_at: '2026-01-01T00:00:00Z' });
    expect(facts).toMatchObject({ phoneNumber: '+49151', displayName: 'Shop', coexistence: false, terminated: true });
  });

  it('treats missing, blank and wrongly typed fields as unknown', () => {
    expect(readChannelFacts({ status: '  ', current_quality_rating: Number.POSITIVE_INFINITY, setup_info: 'nope', waba_account: [1], is_on_biz_app: 'yes' })).toEqual({
      status: undefined,
      integrationState: undefined,
      terminated: false,
      qualityRating: undefined,
      messagingLimit: undefined,
      accountMode: undefined,
      coexistence: undefined,
      phoneNumber: undefined,
      displayName: undefined,
      wabaAccountId: undefined,
    });
    expect(readChannelFacts(null).terminated).toBe(false);
  });
});
