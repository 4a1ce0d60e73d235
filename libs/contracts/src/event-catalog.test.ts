import { eventCatalog, eventFamilies, findEventDefinition, isKnownEventType } from './event-catalog';

describe('event catalog', () => {
  it('names every type as dotted words under the producing service', () => {
    for (const type of Object.keys(eventCatalog)) {
      expect(type).toMatch(/^(d360|registry|onboarding|vault)(\.[a-z0-9_]+)+$/);
    }
  });

  it('finds family members by prefix but not the bare prefix', () => {
    expect(findEventDefinition('d360.cancellation_requested')).toBe(eventFamilies[0]);
    expect(isKnownEventType('d360.cancellation_')).toBe(false);
  });

  it('does not mistake object prototype names for event types', () => {
    expect(isKnownEventType('constructor')).toBe(false);
    expect(isKnownEventType('toString')).toBe(false);
  });
});
