import type { CaseDeps } from '../cases/deps.ts';
import type { ContentLibrary } from '../content/library.ts';
import type { EmergencyResponder, LocaleMemory } from '../emergency/responder.ts';
import type { Scheduler } from '../jobs/scheduler.ts';
import type { FloodGate } from './client/flood-gate.ts';

/** What the bot's features need beyond the case actions. */
export interface BotDeps extends CaseDeps {
  emergency: EmergencyResponder;
  locales: LocaleMemory;
  scheduler: Scheduler;
  content: ContentLibrary;
  flood: FloodGate;
}
