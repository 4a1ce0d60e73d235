import { decidePermission, normalizePhoneNumber } from './permission-form';

describe('normalizePhoneNumber', () => {
  it.each([
    ['+49 151 1234 5678', '+4915112345678'],
    ['0049-151-12345678', '+4915112345678'],
    ['(1) 555 010 9999', '+15550109999'],
  ])('normalises %s', (raw, expected) => expect(normalizePhoneNumber(raw)).toBe(expected));

  it('marks numbers without a valid country code', () => {
    expect(normalizePhoneNumber('0151 123')).toBe('!0151 123');
    expect(normalizePhoneNumber('call me')).toBe('!call me');
  });
});

describe('decidePermission', () => {
  it('cancels', () => {
    expect(decidePermission({ action: 'cancel', phone_numbers: '+4915112345678' })).toEqual({ kind: 'cancel' });
  });

  it('grants several numbers with coexistence and history sharing', () => {
    const decision = decidePermission({
      action: 'grant',
      phone_numbers: '+49 151 12345678, +49 151 87654321',
      display_name: ' Acme ',
      coexistence: 'on',
      share_history: 'yes',
    });
    expect(decision).toEqual({
      kind: 'grant',
      grant: {
        phoneNumbers: ['+4915112345678', '+4915187654321'],
        displayName: 'Acme',
        email: null,
        coexistence: true,
        shareHistory: true,
        keptChannelIds: [],
        revokedChannelIds: [],
      },
    });
  });

  it('never shares history without coexistence', () => {
    const decision = decidePermission({ phone_numbers: '+4915112345678', share_history: 'yes' });
    expect(decision.kind === 'grant' && decision.grant).toMatchObject({ coexistence: false, shareHistory: false });
  });

  it('revokes existing channels left unchecked', () => {
    const decision = decidePermission({ existing_channel: ['aCH', 'bCH'], keep_channel: 'bCH' });
    expect(decision.kind === 'grant' && decision.grant).toMatchObject({ keptChannelIds: ['bCH'], revokedChannelIds: ['aCH'], phoneNumbers: [] });
  });

  it('ignores kept ids that were not offered', () => {
    const decision = decidePermission({ phone_numbers: '+4915112345678', keep_channel: 'otherCH' });
    expect(decision.kind === 'grant' && decision.grant.keptChannelIds).toEqual([]);
  });

  it('rejects an empty form and bad numbers', () => {
    expect(decidePermission({ phone_numbers: ' ' })).toMatchObject({ kind: 'invalid' });
    expect(decidePermission({ phone_numbers: '+4915112345678, 123' })).toEqual({
      kind: 'invalid',
      problem: '"123" is not a valid phone number with country code.',
    });
  });
});
