import { once } from 'node:events';
import { CircuitOpenError, createCircuitBreaker } from './circuit-breaker';
import type { CircuitBreakerHandle, CircuitState } from './circuit-breaker';

class DependencyDown extends Error {}
class NotFound extends Error {}

/** An action whose outcome each test switches; counts how often the breaker let it run. */
function switchableAction() {
  const control = { outcome: 'fail' as 'fail' | 'succeed' | 'notFound', calls: 0 };
  const action = async (input: string): Promise<string> => {
    control.calls += 1;
    if (control.outcome === 'fail') throw new DependencyDown('down');
    if (control.outcome === 'notFound') throw new NotFound(input);
    return `ok:${input}`;
  };
  return { control, action };
}

async function failTimes(handle: CircuitBreakerHandle<[string], string>, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) await expect(handle.fire('x')).rejects.toBeInstanceOf(DependencyDown);
}

describe('createCircuitBreaker', () => {
  const handles: Array<CircuitBreakerHandle<[string], string>> = [];
  const breakerFor = (action: (input: string) => Promise<string>, states: CircuitState[] = []) => {
    const handle = createCircuitBreaker(action, {
      name: 'dependency',
      volumeThreshold: 4,
      errorThresholdPercentage: 50,
      resetTimeoutMs: 200,
      isExpectedError: (error) => error instanceof NotFound,
      onStateChange: (state) => states.push(state),
    });
    handles.push(handle);
    return handle;
  };
  afterEach(() => handles.splice(0).forEach((handle) => handle.shutdown()));

  it('stays closed until the volume threshold is reached, then opens', async () => {
    const { action } = switchableAction();
    const handle = breakerFor(action);

    await failTimes(handle, 3);
    expect(handle.state()).toBe('closed');
    await failTimes(handle, 1);

    expect(handle.isOpen()).toBe(true);
  });

  it('rejects fast with CircuitOpenError naming the breaker while open, without calling the action', async () => {
    const { control, action } = switchableAction();
    const handle = breakerFor(action);
    await failTimes(handle, 4);
    const callsWhenOpened = control.calls;

    const rejection = handle.fire('x');

    await expect(rejection).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(rejection).rejects.toMatchObject({ code: 'CIRCUIT_OPEN', breakerName: 'dependency' });
    expect(control.calls).toBe(callsWhenOpened);
  });

  it('half-opens after the reset timeout and closes when the probe succeeds', async () => {
    const { control, action } = switchableAction();
    const states: CircuitState[] = [];
    const handle = breakerFor(action, states);
    const halfOpen = once(handle.breaker, 'halfOpen'); // the test timeout bounds this wait
    await failTimes(handle, 4);

    await halfOpen;
    control.outcome = 'succeed';
    await expect(handle.fire('probe')).resolves.toBe('ok:probe');

    expect(handle.state()).toBe('closed');
    expect(states).toEqual(['open', 'halfOpen', 'closed']);
  });

  it('re-opens when the half-open probe fails', async () => {
    const { action } = switchableAction();
    const states: CircuitState[] = [];
    const handle = breakerFor(action, states);
    const halfOpen = once(handle.breaker, 'halfOpen'); // the test timeout bounds this wait
    await failTimes(handle, 4);

    await halfOpen;
    await failTimes(handle, 1);

    expect(handle.state()).toBe('open');
    expect(states).toEqual(['open', 'halfOpen', 'open']);
  });

  it('does not count expected business errors as failures', async () => {
    const { control, action } = switchableAction();
    control.outcome = 'notFound';
    const handle = breakerFor(action);

    for (let i = 0; i < 10; i += 1) await expect(handle.fire('missing')).rejects.toBeInstanceOf(NotFound);

    expect(handle.state()).toBe('closed');
    expect(control.calls).toBe(10);
  });

  it('logs a warning when it opens and info when it closes', async () => {
    const { control, action } = switchableAction();
    const lines: Array<{ level: string; details: object; message: string }> = [];
    const logger = {
      info: (details: object, message: string) => lines.push({ level: 'info', details, message }),
      warn: (details: object, message: string) => lines.push({ level: 'warn', details, message }),
    };
    const handle = createCircuitBreaker(action, { name: 'logged', volumeThreshold: 1, resetTimeoutMs: 200, logger });
    handles.push(handle);
    const halfOpen = once(handle.breaker, 'halfOpen');

    await failTimes(handle, 1);
    await halfOpen;
    control.outcome = 'succeed';
    await handle.fire('probe');

    expect(lines.map(({ level }) => level)).toEqual(['warn', 'info', 'info']);
    expect(lines.every(({ details }) => (details as { breaker?: string }).breaker === 'logged')).toBe(true);
  });
});
