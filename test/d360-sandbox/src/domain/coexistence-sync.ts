/**
 * Payloads of the coexistence `history` and `smb_app_state_sync` partner webhooks: Meta's
 * webhook `value` (docs: Meta "history" and "smb_app_state_sync" webhook references) carried
 * as `data` of 360dialog's `{id, event, data}` envelope (docs: 360dialog "Coexistence webhooks").
 */
export interface NumberContext {
  wabaId: string;
  /** Digits only, as Meta's `metadata.display_phone_number`. */
  displayPhoneNumber: string;
  phoneNumberId: string;
}

export interface HistoryChunkMeta {
  /** 0 = day 0–1, 1 = day 1–90, 2 = day 90–180 before onboarding. */
  phase: 0 | 1 | 2;
  /** 1-based order of the chunk within its phase. */
  chunk_order: number;
  /** Overall sync progress in percent; 100 on the last chunk. */
  progress: number;
}

export interface HistoryShape {
  chunksPerPhase: number;
  messagesPerChunk: number;
}

const PHASES = [0, 1, 2] as const;
const PHASE_DAYS: Record<0 | 1 | 2, [number, number]> = { 0: [0, 1], 1: [1, 90], 2: [90, 180] };
const DAY_SECONDS = 86_400;

export function planHistoryChunks(shape: HistoryShape): HistoryChunkMeta[] {
  const total = PHASES.length * shape.chunksPerPhase;
  return PHASES.flatMap((phase, p) =>
    Array.from({ length: shape.chunksPerPhase }, (_, c) => ({
      phase,
      chunk_order: c + 1,
      progress: Math.round((100 * (p * shape.chunksPerPhase + c + 1)) / total),
    })),
  );
}

export function historyChunkData(
  number: NumberContext,
  chunk: HistoryChunkMeta,
  messageCount: number,
  nowSeconds: number,
  newMessageId: () => string,
): Record<string, unknown> {
  const [fromDay, toDay] = PHASE_DAYS[chunk.phase];
  const customer = sampleCustomer(chunk.phase * 100 + chunk.chunk_order);
  const messages = Array.from({ length: messageCount }, (_, i) => {
    const age = (fromDay + ((toDay - fromDay) * (i + 1)) / (messageCount + 1)) * DAY_SECONDS;
    const fromBusiness = i % 2 === 1;
    return {
      from: fromBusiness ? number.displayPhoneNumber : customer,
      ...(fromBusiness ? { to: customer } : {}),
      id: newMessageId(),
      timestamp: String(Math.floor(nowSeconds - age)),
      type: 'text',
      text: { body: `Sandbox history message ${i + 1} (phase ${chunk.phase}, chunk ${chunk.chunk_order})` },
      history_context: { status: fromBusiness ? 'READ' : 'DELIVERED' },
    };
  });
  return { ...numberEnvelope(number), history: [{ metadata: chunk, threads: [{ id: customer, messages }] }] };
}

/** Sent once instead of chunks when the business declined to share its chat history. */
export function historyDeclinedData(number: NumberContext): Record<string, unknown> {
  return {
    ...numberEnvelope(number),
    history: [
      {
        errors: [
          {
            code: 2593109,
            title: 'History sharing is turned off by the business',
            message: 'History sharing is turned off by the business',
            error_data: { details: 'The business declined to share chat history during onboarding.' },
          },
        ],
      },
    ],
  };
}

export function stateSyncData(number: NumberContext, contactCount: number, nowSeconds: number): Record<string, unknown> {
  const state_sync = Array.from({ length: contactCount }, (_, i) => ({
    type: 'contact',
    contact: { full_name: `Sandbox Contact ${i + 1}`, first_name: 'Sandbox', phone_number: sampleCustomer(i + 1) },
    action: 'add',
    metadata: { timestamp: String(nowSeconds) },
  }));
  return { ...numberEnvelope(number), state_sync };
}

function numberEnvelope(number: NumberContext): Record<string, unknown> {
  return {
    id: number.wabaId,
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.phoneNumberId },
  };
}

function sampleCustomer(n: number): string {
  return `49151${String(n).padStart(7, '0')}`;
}
