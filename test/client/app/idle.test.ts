// nextTask (src/client/app/idle.ts): work in a task of its own, after the current one, and never
// after it was cancelled.
import { describe, expect, it } from 'vitest';
import { nextTask } from '../../../src/client/app/idle';

const aTaskLater = () => new Promise<void>((ok) => setTimeout(ok, 20));

describe('nextTask', () => {
  it('runs the callback after the current task and its microtasks, once', async () => {
    const order: string[] = [];
    nextTask(() => order.push('task'));
    order.push('sync');
    await Promise.resolve();
    order.push('microtask');
    await aTaskLater();
    expect(order).toEqual(['sync', 'microtask', 'task']);
  });

  it('a cancelled callback never runs; the cancel after the run changes nothing', async () => {
    let runs = 0;
    const cancel = nextTask(() => runs++);
    cancel();
    const done = nextTask(() => runs++);
    await aTaskLater();
    done();
    await aTaskLater();
    expect(runs).toBe(1);
  });
});
