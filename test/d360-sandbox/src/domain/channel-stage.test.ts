import { CHANNEL_STAGES, hasReached, isChannelStage, nextStage, stageFacts } from './channel-stage';

describe('channel stage progression', () => {
  it('walks created → submitted → ready → running → live and stops', () => {
    const walked: string[] = [];
    for (let s: (typeof CHANNEL_STAGES)[number] | undefined = 'created'; s; s = nextStage(s)) walked.push(s);
    expect(walked).toEqual(['created', 'submitted', 'ready', 'running', 'live']);
  });

  it('names the partner webhook sent on entering each stage', () => {
    expect(CHANNEL_STAGES.map((s) => stageFacts(s).event)).toEqual([
      'channel_created',
      'channel_submitted',
      'channel_ready',
      'channel_running',
      'channel_live',
    ]);
  });

  it('starts billing and integration only once the number runs', () => {
    expect(stageFacts('ready').billing).toBe(false);
    expect(stageFacts('running')).toMatchObject({ billing: true, integrationState: 'running', status: 'running' });
  });

  it('compares stages by their order', () => {
    expect(hasReached('live', 'running')).toBe(true);
    expect(hasReached('ready', 'running')).toBe(false);
    expect(hasReached('running', 'running')).toBe(true);
  });

  it('recognises stage names only', () => {
    expect(isChannelStage('running')).toBe(true);
    expect(isChannelStage('channel_running')).toBe(false);
    expect(isChannelStage(3)).toBe(false);
  });
});
