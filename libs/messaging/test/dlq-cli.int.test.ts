import { waitFor } from '@chatpilot/testing';

import { parseDlqArguments, runDlqCommand } from '../src/cli/dlq-command';
import { type BusFixture, channelLinked, createBusFixture } from './support/bus-fixture';
import { effectsFor, recordEffect } from './support/effects';

describe('dlq command on RabbitMQ', () => {
  let bus: BusFixture;

  beforeAll(async () => {
    bus = await createBusFixture('amqp', 'dlq_cli');
  });

  afterAll(async () => {
    await bus?.close();
  });

  it('lists a dead letter with its reason and replays it by id once the handler is fixed', async () => {
    let fixed = false;
    await bus.startConsumer({
      maxAttempts: 1,
      handlers: {
        'registry.channel.linked': async (event, { entityManager }) => {
          if (!fixed) throw new Error('registry unavailable');
          await recordEffect(entityManager, event.id);
        },
      },
    });
    bus.startRelay();
    const event = channelLinked();
    await bus.enqueue([event]);
    const run = (...argv: string[]) => runDlqCommand(parseDlqArguments(['--service', bus.consumerName, ...argv]), bus.transport.deadLetters);

    const listed = await waitFor(async () => {
      const result = await run();
      return result.output.includes(event.id) ? result : undefined;
    }, { description: 'the dead letter in the listing' });
    expect(listed.output).toMatch(new RegExp(`${event.id}  registry.channel.linked  ATTEMPTS_EXHAUSTED  attempts=1  at=\\S+  error=Error: registry unavailable`));
    expect(await run('--replay', '00000000-0000-4000-8000-000000000000')).toMatchObject({ exitCode: 1 });

    fixed = true;
    expect(await run('--replay', event.id)).toEqual({ output: `replayed ${event.id} from ${bus.consumerName}.events.dlq`, exitCode: 0 });

    await waitFor(async () => (await effectsFor(bus.dataSource, event.id)) === 1, { description: 'the replayed effect' });
    expect(JSON.parse((await run('--json')).output)).toEqual([]);
  });
});
