import type { Substance } from './actions.ts';

/** How long after its last sign an emergency still reads a person's words as answers to it. */
export const EPISODE_ACTIVE_MS = 2 * 60 * 60 * 1000;

/** One person's emergency as the flow knows it: what they answered so far. */
export interface EmergencyEpisode {
  /** When the full reply went out (ms). */
  since: number;
  /** The last update that belonged to it (ms); the episode lapses EPISODE_ACTIVE_MS after. */
  lastSeen: number;
  substance?: Substance;
  breathing?: boolean;
  /** Help arrived or the person woke up: no more follow-ups, the words are still read as answers. */
  settled?: 'help_arrived' | 'recovered';
}

/**
 * Which private chats are in an emergency now, held in memory like LocaleMemory: the responder
 * decides on arrival, without the database, whether "она дышит" answers the flow or is a new
 * message. After a restart it is filled again from the database (`restoreEpisodes` in flow.ts),
 * and a close forgets the chat.
 */
export class EmergencyMemory {
  readonly #byChat = new Map<number, EmergencyEpisode>();

  constructor(private readonly clock: () => number = Date.now) {}

  get(chatId: number): EmergencyEpisode | undefined {
    const e = this.#byChat.get(chatId);
    if (e && this.clock() - e.lastSeen > EPISODE_ACTIVE_MS) {
      this.#byChat.delete(chatId);
      return undefined;
    }
    return e;
  }

  /** A new emergency (the full reply just went out): earlier answers no longer count. */
  begin(chatId: number): EmergencyEpisode {
    const now = this.clock();
    const e: EmergencyEpisode = { since: now, lastSeen: now };
    this.#byChat.set(chatId, e);
    return e;
  }

  /** What an answer told; a chat with no emergency under way starts one (a flow button was pressed). */
  note(chatId: number, change: Partial<Pick<EmergencyEpisode, 'substance' | 'breathing' | 'settled'>>): EmergencyEpisode {
    const e = this.get(chatId) ?? this.begin(chatId);
    Object.assign(e, change, { lastSeen: this.clock() });
    return e;
  }

  /** As the database has it (after a restart). */
  restore(chatId: number, episode: EmergencyEpisode): void {
    this.#byChat.set(chatId, { ...episode });
  }

  forget(chatId: number): void {
    this.#byChat.delete(chatId);
  }
}
