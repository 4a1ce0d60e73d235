import { firingFaults, matchesRoute, type FaultRule } from './fault-rules';

const rule = (overrides: Partial<FaultRule>): FaultRule => ({ id: 'f', path: '/', kind: '500', rate: 1, ...overrides });

describe('matchesRoute', () => {
  it('matches path prefixes segment by segment', () => {
    expect(matchesRoute({ path: '/api/v2/partners' }, 'GET', '/api/v2/partners/abPA/channels')).toBe(true);
    expect(matchesRoute({ path: '/api/v2/partners' }, 'GET', '/api/v2/partnersX')).toBe(false);
    expect(matchesRoute({ path: '/api/v2/partners/abPA/channels' }, 'GET', '/api/v2/partners')).toBe(false);
  });

  it('lets * stand for one segment', () => {
    const route = { path: '/api/v2/partners/*/channels/*/api_keys' };
    expect(matchesRoute(route, 'POST', '/api/v2/partners/abPA/channels/x1CH/api_keys')).toBe(true);
    expect(matchesRoute(route, 'POST', '/api/v2/partners/abPA/channels')).toBe(false);
  });

  it('filters by method when given, case-insensitively', () => {
    expect(matchesRoute({ path: '/messaging', method: 'post' }, 'POST', '/messaging/messages')).toBe(true);
    expect(matchesRoute({ path: '/messaging', method: 'GET' }, 'POST', '/messaging/messages')).toBe(false);
  });
});

describe('firingFaults', () => {
  it('fires according to the rate against the draw', () => {
    const rules = [rule({ rate: 0.3 })];
    expect(firingFaults(rules, 'GET', '/x', () => 0.29)).toHaveLength(1);
    expect(firingFaults(rules, 'GET', '/x', () => 0.3)).toHaveLength(0);
  });

  it('stacks latency and stops at the first failure', () => {
    const rules = [rule({ id: 'slow', kind: 'latency', latencyMs: 5 }), rule({ id: 'e429', kind: '429' }), rule({ id: 'e500' })];
    expect(firingFaults(rules, 'GET', '/x', () => 0).map((r) => r.id)).toEqual(['slow', 'e429']);
  });

  it('skips rules that have no firings left', () => {
    expect(firingFaults([rule({ remaining: 0 })], 'GET', '/x', () => 0)).toEqual([]);
    expect(firingFaults([rule({ remaining: 1 })], 'GET', '/x', () => 0)).toHaveLength(1);
  });
});
