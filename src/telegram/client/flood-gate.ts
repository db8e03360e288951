/**
 * Slows down a client who sends dozens of messages in seconds, without dropping any: their
 * messages wait (in their own chat's queue, so nobody else waits), and they get one polite
 * notice a minute. Emergencies never pass through here: they are answered on arrival.
 */
export class FloodGate {
  readonly #recent = new Map<number, number[]>();
  readonly #noticed = new Map<number, number>();

  constructor(
    private readonly limit = { messages: 8, windowMs: 5000, delayMs: 1000, noticeEveryMs: 60_000 },
  ) {}

  /** Call once per message as it is handled; returns how long to wait and whether to send the notice. */
  admit(userId: number, now: number): { delayMs: number; notice: boolean } {
    const since = now - this.limit.windowMs;
    const recent = (this.#recent.get(userId) ?? []).filter((t) => t > since);
    recent.push(now);
    this.#recent.set(userId, recent);
    if (recent.length <= this.limit.messages) {
      if (recent.length === 1) this.#forgetIdle(now);
      return { delayMs: 0, notice: false };
    }
    const last = this.#noticed.get(userId);
    const notice = last === undefined || now - last >= this.limit.noticeEveryMs;
    if (notice) this.#noticed.set(userId, now);
    return { delayMs: this.limit.delayMs, notice };
  }

  /** Memory stays bounded: clients quiet for a minute are forgotten. */
  #forgetIdle(now: number): void {
    if (this.#recent.size < 1000) return;
    for (const [user, times] of this.#recent) if ((times.at(-1) ?? 0) < now - 60_000) this.#recent.delete(user);
    for (const [user, at] of this.#noticed) if (at < now - this.limit.noticeEveryMs) this.#noticed.delete(user);
  }
}
