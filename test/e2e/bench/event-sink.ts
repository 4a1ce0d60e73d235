import amqp from 'amqplib';

/** Enough to absorb a burst; older messages are dropped, nobody reads them. */
const SINK_MAX_LENGTH = 1_000;

/**
 * Stands in for the rest of ChatPilot (the messaging side, analytics, …): a bounded queue bound to
 * every event, so the events the four services publish for others and do not consume themselves
 * (`d360.smb_app_state_sync`, `d360.client_created`, `registry.channel.quality_changed`,
 * `onboarding.session.channels_linked`) are routable, as they are in production. Without it, the
 * relays retry each such row 1, 2, 4, 8 … s apart, the way they treat a consumer that is missing,
 * and that retry traffic, not onboarding, is what the bench would partly measure.
 */
export async function bindEventSink(url: string, exchange: string, queue: string): Promise<{ close(): Promise<void> }> {
  const connection = await amqp.connect(url);
  const channel = await connection.createChannel();
  await channel.assertQueue(queue, { exclusive: true, autoDelete: true, arguments: { 'x-max-length': SINK_MAX_LENGTH } });
  await channel.bindQueue(queue, exchange, '#');
  return {
    close: async () => {
      await channel.close();
      await connection.close();
    },
  };
}
