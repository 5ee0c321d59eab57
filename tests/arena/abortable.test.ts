import { describe, expect, it } from 'vitest';
import { untilAborted } from '../../harness/arena/abortable.js';

describe('untilAborted', () => {
  it('ends a step that never settles as soon as the episode is stopped', async () => {
    const controller = new AbortController();
    const never = new Promise<string>(() => undefined);
    const waiting = untilAborted(never, controller.signal, () => 'episode time limit');
    setTimeout(() => controller.abort(), 20);
    await expect(waiting).rejects.toThrow('episode stopped during a step: episode time limit');
  });

  it('passes a step through when it settles first, and refuses to start one after the stop', async () => {
    const controller = new AbortController();
    await expect(untilAborted(Promise.resolve('done'), controller.signal, () => 'x')).resolves.toBe('done');
    await expect(untilAborted(Promise.reject(new Error('sandbox gone')), controller.signal, () => 'x')).rejects.toThrow('sandbox gone');
    controller.abort();
    await expect(untilAborted(new Promise(() => undefined), controller.signal, () => 'budget')).rejects.toThrow('episode stopped: budget');
  });

  it('swallows the late rejection of an abandoned step instead of leaving it unhandled', async () => {
    const controller = new AbortController();
    let rejectLate: (e: Error) => void = () => undefined;
    const late = new Promise<never>((_, reject) => (rejectLate = reject));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const waiting = untilAborted(late, controller.signal, () => 'deadline');
    controller.abort();
    await expect(waiting).rejects.toThrow(/deadline/);
    rejectLate(new Error('sandbox destroyed'));
    await new Promise((r) => setTimeout(r, 20));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });
});
