/** One unit of work in a lane: ordered by `id` within its `key`. */
export interface LaneItem {
  id: number;
  key: string;
}

/** What became of a turn: the item is finished (the lane moves on), or it is tried again later, still first in its lane. */
export type Turn = { done: true } | { done: false; retryInMs: number };

interface Lane<T> {
  items: T[];
  running: boolean;
  timer?: NodeJS.Timeout;
}

/**
 * Runs items one at a time per key, in `id` order, with at most `concurrency` keys at once.
 *
 * A key that must wait (its first item is to be tried again later) gives up its place meanwhile,
 * so other keys go on. `hold()` keeps new items from starting while something more urgent runs
 * (the inbox storing new updates); what already runs goes on.
 */
export class Lanes<T extends LaneItem> {
  readonly #lanes = new Map<string, Lane<T>>();
  /** Keys whose first item may start, oldest first. */
  readonly #ready: string[] = [];
  readonly #queued = new Set<number>();
  readonly #idleWaiters: (() => void)[] = [];
  /** Turns under way, and those of them that take one of the `concurrency` places. */
  #running = 0;
  #placesTaken = 0;
  #holds = 0;
  #stopped = false;

  /**
   * `light`: an item whose next turn only waits on a write that many share (recording an outcome)
   * takes no place, so the places go to real work and such writes are many to one statement.
   */
  constructor(
    private readonly run: (item: T) => Promise<Turn>,
    private readonly opts: { concurrency: number; urgent?: (item: T) => boolean; light?: (item: T) => boolean },
  ) {}

  /** Queues an item; false if an item with its id is already queued or running (it is not queued twice). */
  add(item: T): boolean {
    if (this.#stopped || this.#queued.has(item.id)) return false;
    this.#queued.add(item.id);
    let lane = this.#lanes.get(item.key);
    if (!lane) {
      lane = { items: [], running: false };
      this.#lanes.set(item.key, lane);
    }
    const items = lane.items;
    // Ids mostly arrive in order; one that comes late (a resumed backlog, a webhook retry) goes in its place, never before the one running.
    let at = items.length;
    while (at > (lane.running ? 1 : 0) && items[at - 1]!.id > item.id) at--;
    items.splice(at, 0, item);
    if (at === 0 && !lane.running && !lane.timer) this.#markReady(item.key, item);
    this.#pump();
    return true;
  }

  /** Items queued or running. */
  get size(): number {
    return this.#queued.size;
  }

  /** Keeps new items from starting until the returned function is called. */
  hold(): () => void {
    this.#holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds--;
      this.#pump();
    };
  }

  /** Resolves when nothing is queued, waiting or running. */
  idle(): Promise<void> {
    if (this.#queued.size === 0 || (this.#stopped && this.#running === 0)) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Starts nothing more, cancels the waits, and resolves once what runs has finished its turn. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const lane of this.#lanes.values()) {
      clearTimeout(lane.timer);
      lane.timer = undefined;
    }
    while (this.#running > 0) await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
  }

  #markReady(key: string, first: T): void {
    if (this.opts.light?.(first)) this.#start(key, this.#lanes.get(key)!, false);
    else if (this.opts.urgent?.(first)) this.#ready.unshift(key);
    else this.#ready.push(key);
  }

  #pump(): void {
    while (!this.#stopped && this.#holds === 0 && this.#placesTaken < this.opts.concurrency && this.#ready.length > 0) {
      const key = this.#ready.shift()!;
      const lane = this.#lanes.get(key);
      if (!lane || lane.running || lane.timer || lane.items.length === 0) continue;
      this.#start(key, lane, true);
    }
  }

  #start(key: string, lane: Lane<T>, takesPlace: boolean, evenIfStopped = false): void {
    if (this.#stopped && !evenIfStopped) return;
    lane.running = true;
    this.#running++;
    if (takesPlace) this.#placesTaken++;
    void this.#turn(key, lane, lane.items[0]!, takesPlace);
  }

  async #turn(key: string, lane: Lane<T>, item: T, tookPlace: boolean): Promise<void> {
    let turn: Turn;
    try {
      turn = await this.run(item);
    } catch {
      // `run` is meant never to throw; if it does, the item counts as finished rather than hold its chat up for good.
      turn = { done: true };
    }
    this.#running--;
    if (tookPlace) this.#placesTaken--;
    lane.running = false;
    if (turn.done) {
      lane.items.shift();
      this.#queued.delete(item.id);
    }
    const again = !turn.done && turn.retryInMs <= 0;
    if (again && this.opts.light?.(item)) {
      // Recording what was done goes on even while stopping: otherwise the next start would do it again.
      this.#start(key, lane, false, true);
    } else if (this.#stopped) {
      // What is left stays in the store for the next start.
    } else if (again) {
      this.#markReady(key, item);
    } else if (!turn.done) {
      lane.timer = setTimeout(() => {
        lane.timer = undefined;
        if (lane.items.length > 0) this.#markReady(key, lane.items[0]!);
        this.#pump();
      }, turn.retryInMs);
    } else if (lane.items.length > 0) {
      this.#markReady(key, lane.items[0]!);
    } else {
      this.#lanes.delete(key);
    }
    this.#pump();
    this.#wakeIdle();
  }

  #wakeIdle(): void {
    if (this.#queued.size > 0 && !(this.#stopped && this.#running === 0)) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }
}
