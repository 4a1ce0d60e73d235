import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { isKnownEventType } from '@chatpilot/contracts';

import { d360Event, type EventPublisher } from './event-publisher';

export interface WebhookRelay {
  url: string;
  close(): Promise<void>;
}

/**
 * A stand-in for webhook-ingest: receives the sandbox's partner webhooks and publishes them as
 * `d360.<event>` with the channel id from the channel object, acknowledging only once the broker
 * confirmed. It does not buffer: events for channels not linked yet reach the registry as unknown.
 */
export async function startWebhookRelay(publisher: EventPublisher): Promise<WebhookRelay> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      relay(publisher, Buffer.concat(chunks)).then(
        () => res.writeHead(200).end('ok'),
        () => res.writeHead(503).end('not published'),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/360dialog`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function relay(publisher: EventPublisher, body: Buffer): Promise<void> {
  const webhook = JSON.parse(body.toString('utf8')) as { id: string; event: string; data: Record<string, unknown> };
  if (!isKnownEventType(`d360.${webhook.event}`) || webhook.event === 'history') return;
  const channelId = webhook.event === 'client_created' ? undefined : webhook.data.id;
  const event = d360Event({
    id: webhook.id,
    event: webhook.event,
    ...(typeof channelId === 'string' ? { channelId } : {}),
    receivedAt: new Date(),
    payload: webhook.data,
  });
  await publisher.publish(event);
}
