import type { ChatLimits } from './limits.ts';
import { parseTarget } from './store.ts';

/**
 * A staff group's worker waits for a free slot before it picks its next item, so an overdose
 * alert queued while it waited goes next; having waited, the group is behind (texts waiting for it
 * go as blocks). A client's chat has no such contest: it just goes on.
 */
export function readyFor(limits: ChatLimits, target: string): Promise<boolean> {
  const t = parseTarget(target);
  return t.kind === 'group' ? limits.untilFree(t.chatId) : Promise.resolve(false);
}
