import type { JobHandler } from '../jobs/scheduler.ts';
import { chatDeletion } from './deliveries.ts';
import { COMMUNITY_JOBS, type CommunityDeps } from './deps.ts';
import { declineExpired } from './joins.ts';
import { surfaceQuestion } from './questions.ts';

/** The community chat's stored jobs: each runs once, at its time, across restarts and instances. */
export function communityJobs(d: CommunityDeps): Record<string, JobHandler> {
  return {
    [COMMUNITY_JOBS.joinTimeout]: async (p) => ((await declineExpired(d, Number(p.requestId))) === 'cancelled' ? 'cancelled' : undefined),
    [COMMUNITY_JOBS.deleteMessage]: async (p) => {
      await d.outbox.send([chatDeletion(d, Number(p.messageId))]);
    },
    [COMMUNITY_JOBS.questionDue]: async (p) => ((await surfaceQuestion(d, Number(p.questionId))) === 'cancelled' ? 'cancelled' : undefined),
  };
}
