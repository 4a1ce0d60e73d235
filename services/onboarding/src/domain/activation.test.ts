import { evaluateActivation } from './activation';

const activatingAt = new Date('2026-01-01T10:00:00Z');
const minutesLater = (minutes: number) => new Date(activatingAt.getTime() + minutes * 60_000);
const evaluate = (statuses: [string, string | null][], minutes = 1) =>
  evaluateActivation({ channelStatuses: new Map(statuses), activatingAt, now: minutesLater(minutes), timeoutMs: 10 * 60_000 });

describe('evaluateActivation', () => {
  it('completes when every channel runs', () => {
    expect(evaluate([['a', 'running'], ['b', 'running']])).toEqual({ kind: 'completed' });
  });

  it('waits while some channel is not running yet, counting the running ones', () => {
    expect(evaluate([['a', 'running'], ['b', 'ready'], ['c', null]])).toEqual({ kind: 'waiting', running: 1, total: 3 });
  });

  it.each([
    ['error', 'CHANNEL_ERROR'],
    ['restricted', 'CHANNEL_RESTRICTED'],
    ['offboarded', 'CHANNEL_OFFBOARDED'],
    ['revoked', 'PERMISSION_REVOKED'],
  ])('fails when a channel is %s', (status, code) => {
    expect(evaluate([['a', 'running'], ['b', status]])).toEqual({ kind: 'failed', code, channelId: 'b' });
  });

  it('times out once ACTIVATION_TIMEOUT passed without every channel running', () => {
    expect(evaluate([['a', 'ready']], 10)).toEqual({ kind: 'failed', code: 'ACTIVATION_TIMEOUT' });
  });

  it('completes rather than times out when the last channel came up just in time', () => {
    expect(evaluate([['a', 'running']], 11)).toEqual({ kind: 'completed' });
  });
});
