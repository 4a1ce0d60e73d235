import { historyChunkData, historyDeclinedData, planHistoryChunks, stateSyncData } from './coexistence-sync';

const number = { wabaId: '102290129340398', displayPhoneNumber: '4915112345678', phoneNumberId: '106540352242922' };

describe('history chunk plan', () => {
  it('covers three phases in order with growing progress ending at 100', () => {
    const plan = planHistoryChunks({ chunksPerPhase: 2, messagesPerChunk: 3 });
    expect(plan.map((c) => [c.phase, c.chunk_order])).toEqual([[0, 1], [0, 2], [1, 1], [1, 2], [2, 1], [2, 2]]);
    expect(plan.map((c) => c.progress)).toEqual([17, 33, 50, 67, 83, 100]);
  });

  it('works with a single chunk per phase', () => {
    expect(planHistoryChunks({ chunksPerPhase: 1, messagesPerChunk: 1 }).map((c) => c.progress)).toEqual([33, 67, 100]);
  });
});

describe('history chunk payload', () => {
  const now = 1_750_000_000;
  let n = 0;
  const data = historyChunkData(number, { phase: 1, chunk_order: 2, progress: 67 }, 4, now, () => `wamid.${++n}`);

  it('carries the number metadata and the chunk metadata', () => {
    expect(data).toMatchObject({
      id: number.wabaId,
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.phoneNumberId },
      history: [{ metadata: { phase: 1, chunk_order: 2, progress: 67 } }],
    });
  });

  it('dates its messages inside the phase window (day 1 to 90)', () => {
    const [entry] = data.history as { threads: { messages: { timestamp: string; id: string }[] }[] }[];
    const messages = entry!.threads[0]!.messages;
    expect(messages).toHaveLength(4);
    for (const m of messages) {
      const ageDays = (now - Number(m.timestamp)) / 86_400;
      expect(ageDays).toBeGreaterThanOrEqual(1);
      expect(ageDays).toBeLessThanOrEqual(90);
    }
    expect(new Set(messages.map((m) => m.id)).size).toBe(4);
  });

  it('reports a declined history share as an error entry', () => {
    expect(historyDeclinedData(number)).toMatchObject({ history: [{ errors: [{ code: 2593109 }] }] });
  });

  it('lists contacts in the state sync', () => {
    const sync = stateSyncData(number, 2, now) as { state_sync: { type: string; action: string }[] };
    expect(sync.state_sync).toHaveLength(2);
    expect(sync.state_sync[0]).toMatchObject({ type: 'contact', action: 'add' });
  });
});
