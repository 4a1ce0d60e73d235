import { summarizeHistory } from './history-summary';

describe('summarizeHistory', () => {
  it('reads phase, chunk order and progress and counts the messages of every thread', () => {
    const data = { history: [{ metadata: { phase: 2, chunk_order: 3, progress: 87 }, threads: [{ messages: [{}, {}, {}] }, { messages: [] }] }] };
    expect(summarizeHistory(data)).toEqual({ phase: 2, chunk_order: 3, progress: 87, message_count: 3 });
  });

  it('summarises a declined sync as finished without messages, with Meta\'s error code', () => {
    const data = { history: [{ errors: [{ code: 2593109, title: 'History sharing is turned off by the business' }] }] };
    expect(summarizeHistory(data)).toEqual({ phase: 0, chunk_order: 0, progress: 100, message_count: 0, error_code: 2593109 });
  });

  it('leaves the error code out when the errors carry no whole-number code', () => {
    const data = { history: [{ errors: [{ code: '2593109' }] }] };
    expect(summarizeHistory(data)).toEqual({ phase: 0, chunk_order: 0, progress: 100, message_count: 0 });
  });

  it('keeps odd values inside the published contract', () => {
    const data = { history: [{ metadata: { phase: -1, chunk_order: '4', progress: 250 }, threads: 'nope' }, 'junk'] };
    expect(summarizeHistory(data)).toEqual({ phase: 0, chunk_order: 4, progress: 100, message_count: 0 });
  });
});
