import { topicMatches } from './topic-match';

describe('topicMatches', () => {
  it.each([
    ['registry.channel.linked', 'registry.channel.linked', true],
    ['registry.channel.linked', 'registry.channel.revoked', false],
    ['registry.channel.*', 'registry.channel.revoked', true],
    ['registry.*', 'registry.channel.revoked', false],
    ['registry.#', 'registry.channel.revoked', true],
    ['#', 'd360.history', true],
    ['d360.#.history', 'd360.history', true],
    ['*.history', 'd360.history', true],
    ['d360.*', 'd360', false],
  ])('binding %s routes %s: %s', (bindingKey, routingKey, expected) => {
    expect(topicMatches(bindingKey, routingKey)).toBe(expected);
  });
});
