import { EXTERNAL_ID_PATTERN } from '@chatpilot/contracts';
import fc from 'fast-check';

import { issueStateToken } from './state-token';
import { parseCallbackQuery } from './callback-query';

const state = issueStateToken().token;
const url = (query: string) => `/onboarding/360/callback?${query}`;

describe('parseCallbackQuery', () => {
  it('reads the documented redirect: client and literal-bracket channel list', () => {
    expect(parseCallbackQuery(url(`state=${state}&client=ab12CL&channels=[ch1CH,ch2CH]`))).toEqual({
      ok: true,
      state,
      grant: { clientId: 'ab12CL', channelIds: ['ch1CH', 'ch2CH'], revokedChannelIds: [] },
    });
  });

  it('accepts the malformed second question mark form', () => {
    const parsed = parseCallbackQuery(url(`state=${state}?client=ab12CL&channels=[ch1CH]`));
    expect(parsed).toMatchObject({ ok: true, state, grant: { clientId: 'ab12CL', channelIds: ['ch1CH'] } });
  });

  it('accepts percent-encoded brackets, quotes and spaces around ids, and drops duplicates', () => {
    const parsed = parseCallbackQuery(url(`state=${state}&client=c1&channels=%5B%22ch1%22,%20ch2,ch1%5D`));
    expect(parsed).toMatchObject({ ok: true, grant: { channelIds: ['ch1', 'ch2'] } });
  });

  it('reads revoked channels', () => {
    const parsed = parseCallbackQuery(url(`state=${state}&client=c1&channels=[]&revoked=[old1]`));
    expect(parsed).toMatchObject({ ok: true, grant: { channelIds: [], revokedChannelIds: ['old1'] } });
  });

  it('finds the state inside an echoed redirect_url when no state parameter came', () => {
    const redirectUrl = encodeURIComponent(`https://onboarding.example/onboarding/360/callback?state=${state}`);
    expect(parseCallbackQuery(url(`redirect_url=${redirectUrl}&client=c1&channels=[ch1]`))).toMatchObject({ ok: true, state });
  });

  it('accepts the same state twice (our redirect_url and an echo) but not two different ones', () => {
    expect(parseCallbackQuery(url(`state=${state}&client=c1&channels=[a]&state=${state}`))).toMatchObject({ ok: true });
    const other = issueStateToken().token;
    expect(parseCallbackQuery(url(`state=${state}&client=c1&channels=[a]&state=${other}`))).toEqual({ ok: false, code: 'STATE_INVALID' });
  });

  it.each([
    ['no query at all', '/onboarding/360/callback', 'STATE_MISSING'],
    ['no state', url('client=c1&channels=[a]'), 'STATE_MISSING'],
    ['a state of the wrong shape', url('state=abc&client=c1&channels=[a]'), 'STATE_INVALID'],
    ['a state that does not decode', url(`state=%E0%A4%A&client=c1`), 'STATE_INVALID'],
    ['channels without a client', url(`state=${state}&channels=[a]`), 'CALLBACK_INVALID'],
    ['a channel id with foreign characters', url(`state=${state}&client=c1&channels=[a<b>]`), 'CALLBACK_INVALID'],
    ['a channel both granted and revoked', url(`state=${state}&client=c1&channels=[a]&revoked=[a]`), 'CALLBACK_INVALID'],
    ['two different clients', url(`state=${state}&client=c1&client=c2&channels=[a]`), 'CALLBACK_INVALID'],
  ])('refuses %s', (_case, rawUrl, code) => {
    expect(parseCallbackQuery(rawUrl)).toEqual({ ok: false, code });
  });

  it('ignores a fragment', () => {
    expect(parseCallbackQuery(url(`state=${state}&client=c1&channels=[a]#channels=[b]`))).toMatchObject({ ok: true, grant: { channelIds: ['a'] } });
  });

  it('treats a callback without client and channels as an empty grant', () => {
    expect(parseCallbackQuery(url(`state=${state}`))).toEqual({ ok: true, state, grant: { clientId: null, channelIds: [], revokedChannelIds: [] } });
  });

  it('refuses ids channel-registry would refuse, before the state is used', () => {
    for (const query of ['client=_c1&channels=[ch1]', 'client=c1&channels=[-ch1]', 'client=c1&channels=[ch1]&revoked=[_ch2]']) {
      expect(parseCallbackQuery(url(`state=${state}&${query}`))).toEqual({ ok: false, code: 'CALLBACK_INVALID' });
    }
  });

  it('only ever accepts client and channel ids that channel-registry accepts', () => {
    const idCharacter = fc.constantFrom(...'aZ09_-.:~ é'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: idCharacter, minLength: 1, maxLength: 70 }), fc.string({ unit: idCharacter, minLength: 1, maxLength: 70 }), (client, channel) => {
        const parsed = parseCallbackQuery(url(`state=${state}&client=${encodeURIComponent(client)}&channels=[${encodeURIComponent(channel)}]`));
        if (!parsed.ok) return;
        for (const id of [parsed.grant.clientId ?? '', ...parsed.grant.channelIds]) expect(id).toMatch(EXTERNAL_ID_PATTERN);
      }),
    );
  });
});
