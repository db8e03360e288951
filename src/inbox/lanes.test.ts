import { describe, expect, it } from 'vitest';
import { Lanes, type Turn } from './lanes.ts';

type Item = { id: number; key: string };
const item = (id: number, key: string): Item => ({ id, key });

/** A run function whose turns the test ends by hand. */
function manual() {
  const started: number[] = [];
  const waiting = new Map<number, (t: Turn) => void>();
  const run = (i: Item) =>
    new Promise<Turn>((resolve) => {
      started.push(i.id);
      waiting.set(i.id, resolve);
    });
  const finish = async (id: number, turn: Turn = { done: true }) => {
    waiting.get(id)!(turn);
    waiting.delete(id);
    await new Promise((r) => setImmediate(r));
  };
  return { started, run, finish, running: () => [...waiting.keys()] };
}

describe('lanes', () => {
  it('runs one item per key at a time, in id order, at most `concurrency` keys at once', async () => {
    const m = manual();
    const lanes = new Lanes(m.run, { concurrency: 2 });
    for (const [id, key] of [[1, 'a'], [2, 'b'], [3, 'c'], [4, 'a'], [5, 'b']] as const) lanes.add(item(id, key));
    expect(m.running()).toEqual([1, 2]);
    await m.finish(1);
    // 'c' was waiting longer than a's next item: the freed place goes to it.
    expect(m.running()).toEqual([2, 3]);
    await m.finish(3);
    expect(m.running()).toEqual([2, 4]);
    await m.finish(2);
    await m.finish(4);
    await m.finish(5);
    expect(m.started).toEqual([1, 2, 3, 4, 5]);
    await lanes.idle();
    expect(lanes.size).toBe(0);
  });

  it('puts a late lower id in its place, never before the one running, and never queues an id twice', async () => {
    const m = manual();
    const lanes = new Lanes(m.run, { concurrency: 4 });
    lanes.add(item(10, 'a'));
    lanes.add(item(30, 'a'));
    expect(lanes.add(item(30, 'a'))).toBe(false);
    lanes.add(item(20, 'a'));
    lanes.add(item(5, 'a')); // older than the one running: next, not before it
    await m.finish(10);
    await m.finish(5);
    await m.finish(20);
    await m.finish(30);
    expect(m.started).toEqual([10, 5, 20, 30]);
  });

  it('lets a key wait for its retry without holding a place; its later items wait with it', async () => {
    const m = manual();
    const lanes = new Lanes(m.run, { concurrency: 1 });
    lanes.add(item(1, 'a'));
    lanes.add(item(2, 'a'));
    lanes.add(item(3, 'b'));
    await m.finish(1, { done: false, retryInMs: 30 });
    expect(m.running()).toEqual([3]);
    await m.finish(3);
    expect(m.running()).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(m.running()).toEqual([1]);
    await m.finish(1);
    await m.finish(2);
    expect(m.started).toEqual([1, 3, 1, 2]);
  });

  it('starts nothing while held; what runs goes on', async () => {
    const m = manual();
    const lanes = new Lanes(m.run, { concurrency: 4 });
    lanes.add(item(1, 'a'));
    const release = lanes.hold();
    lanes.add(item(2, 'b'));
    lanes.add(item(3, 'c'));
    expect(m.running()).toEqual([1]);
    await m.finish(1);
    expect(m.running()).toEqual([]);
    release();
    expect(m.running()).toEqual([2, 3]);
  });

  it('sends urgent items to the front of the line for a place', async () => {
    const m = manual();
    const lanes = new Lanes<Item & { urgent?: boolean }>(m.run, { concurrency: 1, urgent: (i) => !!i.urgent });
    lanes.add(item(1, 'a'));
    lanes.add(item(2, 'b'));
    lanes.add({ ...item(3, 'c'), urgent: true });
    await m.finish(1);
    expect(m.running()).toEqual([3]);
  });

  it('runs a light turn (recording an outcome) without a place: the key waits for it, other keys take the place', async () => {
    const m = manual();
    const light = new Set<number>();
    const lanes = new Lanes(m.run, { concurrency: 1, light: (i) => light.has(i.id) });
    lanes.add(item(1, 'a'));
    lanes.add(item(2, 'a'));
    lanes.add(item(3, 'b'));
    light.add(1);
    await m.finish(1, { done: false, retryInMs: 0 });
    // 1's light turn and 3 run together; 2 waits for 1.
    expect(m.running()).toEqual([1, 3]);
    await m.finish(1);
    expect(m.running()).toEqual([3]);
    await m.finish(3);
    await m.finish(2);
    expect(m.started).toEqual([1, 1, 3, 2]);

    // Stopping does not cut a recording short.
    lanes.add(item(4, 'c'));
    light.add(4);
    const stopping = lanes.stop();
    await m.finish(4, { done: false, retryInMs: 0 });
    expect(m.running()).toEqual([4]);
    await m.finish(4);
    await stopping;
  });

  it('counts a run that throws as finished, so its key goes on', async () => {
    const ran: number[] = [];
    const lanes = new Lanes<Item>(
      async (i) => {
        ran.push(i.id);
        if (i.id === 1) throw new Error('bug in the runner');
        return { done: true };
      },
      { concurrency: 1 },
    );
    lanes.add(item(1, 'a'));
    lanes.add(item(2, 'a'));
    await lanes.idle();
    expect(ran).toEqual([1, 2]);
  });

  it('stops: cancels waits, starts nothing, resolves once what runs is done', async () => {
    const m = manual();
    const lanes = new Lanes(m.run, { concurrency: 2 });
    lanes.add(item(1, 'a'));
    lanes.add(item(2, 'b'));
    lanes.add(item(3, 'a'));
    await m.finish(2, { done: false, retryInMs: 10 });
    let stopped = false;
    const stopping = lanes.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(stopped).toBe(false);
    await m.finish(1);
    await stopping;
    expect(m.started).toEqual([1, 2]);
    expect(lanes.add(item(4, 'c'))).toBe(false);
    await lanes.idle();
  });
});
