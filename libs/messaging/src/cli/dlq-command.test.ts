import { parseDlqArguments } from './dlq-command';

describe('parseDlqArguments', () => {
  it('lists by default, 100 at a time', () => {
    expect(parseDlqArguments(['--service', 'channel-registry'])).toEqual({ action: 'list', service: 'channel-registry', limit: 100, json: false });
  });

  it('reads a replay of one event or of everything', () => {
    expect(parseDlqArguments(['--service', 'onboarding', '--replay', 'abc'])).toEqual({ action: 'replay', service: 'onboarding', messageId: 'abc' });
    expect(parseDlqArguments(['--service', 'onboarding', '--replay-all'])).toEqual({ action: 'replay-all', service: 'onboarding' });
  });

  it.each([
    [[], /--service is required/],
    [['--service', 'x', '--replay', 'a', '--replay-all'], /exclude each other/],
    [['--service', 'x', '--limit', '0'], /--limit must be a positive integer/],
    [['--service', 'x', '--bogus'], /Unknown option/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseDlqArguments(argv)).toThrow(message);
  });
});
