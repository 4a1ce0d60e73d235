import { createShutdownStack } from './shutdown-stack';

describe('createShutdownStack', () => {
  it('runs the stops in reverse order of registration, each once', async () => {
    const stack = createShutdownStack();
    const ran: string[] = [];
    stack.defer(() => void ran.push('database'));
    stack.defer(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      ran.push('broker');
    });
    stack.defer(() => void ran.push('http'));

    await stack.unwind();
    await stack.unwind();

    expect(ran).toEqual(['http', 'broker', 'database']);
  });

  it('runs every stop even when one fails, then rethrows the first failure', async () => {
    const stack = createShutdownStack();
    const ran: string[] = [];
    stack.defer(() => void ran.push('database'));
    stack.defer(() => {
      throw new Error('broker close failed');
    });
    stack.defer(() => Promise.reject(new Error('http close failed')));

    await expect(stack.unwind()).rejects.toThrow('http close failed');
    expect(ran).toEqual(['database']);
  });
});
