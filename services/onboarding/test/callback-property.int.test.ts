import fc from 'fast-check';

import { FRONTEND_BASE_URL } from './support/constants';
import { startOnboarding, type OnboardingInstance } from './support/onboarding-instance';

interface SessionRow {
  id: string;
  version: number;
  status: string;
  state_used_at: Date | null;
}

const PENDING_SESSIONS = 6;
const ACCEPTING_PAGES = [/\/onboarding\/success\?session_id=/, /\/onboarding\/error\?code=(NO_CHANNELS|PERMISSION_REVOKED)$/];

/** Bytes a request target cannot carry raw are percent-encoded (as UTF-8); everything else goes as generated. */
function sendable(query: string): string {
  return [...Buffer.from(query, 'utf8')].map((byte) => (byte >= 0x21 && byte <= 0x7e ? String.fromCharCode(byte) : `%${byte.toString(16).padStart(2, '0')}`)).join('');
}

describe('the callback under arbitrary query strings (property)', () => {
  let onboarding: OnboardingInstance;
  const tokens: string[] = [];

  beforeAll(async () => {
    onboarding = await startOnboarding('ob_property');
    for (let index = 0; index < PENDING_SESSIONS; index += 1) {
      const { json } = await onboarding.start(`property-tenant-${index}`);
      tokens.push(new URL(json.onboarding_url!).searchParams.get('state')!);
    }
  });

  afterAll(async () => {
    await onboarding?.close();
  });

  const snapshot = async (): Promise<Map<string, string>> =>
    new Map((await onboarding.sql<SessionRow>('SELECT id, version, status, state_used_at FROM onboarding_sessions')).map((row) => [row.id, JSON.stringify(row)]));

  const id = fc.stringMatching(/^[A-Za-z0-9]{1,10}$/);
  const fragment = fc.oneof(
    fc.constantFrom(...[0, 1, 2, 3, 4, 5].map((index) => () => `state=${tokens[index]}`)).map((make) => make()),
    fc.stringMatching(/^[A-Za-z0-9_-]{43}$/).map((token) => `state=${token}`),
    fc.string().map((text) => `state=${text}`),
    id.map((client) => `client=${client}`),
    fc.array(id, { maxLength: 3 }).map((ids) => `channels=[${ids.join(',')}]`),
    fc.array(id, { maxLength: 2 }).map((ids) => `revoked=[${ids.join(',')}]`),
    fc.webUrl().map((url) => `redirect_url=${encodeURIComponent(url)}`),
    fc.constantFrom('?', '&', '=', '%', '%zz', '%E0%A4%A', '#', '[', ']', '+', 'state', 'channels=[', '"', '\u0000'),
    fc.string({ unit: 'binary', maxLength: 20 }),
  );
  const query = fc.tuple(fc.array(fragment, { maxLength: 8 }), fc.constantFrom('&', '?')).map(([parts, glue]) => parts.join(glue));

  it('always answers 303 to FRONTEND_BASE_URL and changes a session only for its valid, unused state', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(query, async (generated) => {
        const before = await snapshot();
        const answer = await onboarding.callback(`/onboarding/360/callback?${sendable(generated)}`);
        const after = await snapshot();

        expect(answer.status).toBe(303);
        expect(answer.location?.startsWith(`${FRONTEND_BASE_URL}/onboarding/`)).toBe(true);
        const changed = [...after.keys()].filter((sessionId) => after.get(sessionId) !== before.get(sessionId));
        if (changed.length === 0) return;

        expect(changed).toHaveLength(1);
        const previous = JSON.parse(before.get(changed[0]!)!) as SessionRow;
        expect(previous.state_used_at).toBeNull();
        expect(tokens.some((token) => generated.includes(token))).toBe(true);
        expect(ACCEPTING_PAGES.some((page) => page.test(answer.location!))).toBe(true);
        accepted += 1;
      }),
      { numRuns: 200 },
    );
    // The generator does reach valid states: the "changes only when valid" branch was exercised.
    expect(accepted).toBeGreaterThan(0);
  });
});
