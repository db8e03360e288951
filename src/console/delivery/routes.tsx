import { Hono } from 'hono';

import { discardParked, outboxDepth, parkedItems, retryParked } from '../../outbox/store.ts';
import type { ConsoleEnv } from '../app.tsx';
import { audit } from '../policy.ts';
import { chromeOf, guard, render, type RoutesContext } from '../routes-context.ts';
import { DeliveryPage } from './views.tsx';

const DONE = new Set(['retry', 'discard', 'gone']);

/** /delivery: the outbox's queue and its parked items, for admins (`audit.view`). */
export function deliveryRoutes(x: RoutesContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const admin = guard(x, 'audit.view');
  app.get('/delivery', x.signedIn, admin, async (c) => {
    const done = c.req.query('done');
    return render(c, <DeliveryPage chrome={chromeOf(x, c)} queue={await outboxDepth(x.db)} parked={await parkedItems(x.db)} done={done && DONE.has(done) ? done : undefined} />);
  });
  app.post('/delivery/:id{[0-9]+}/retry', x.signedIn, admin, async (c) => {
    const target = await retryParked(x.db, Number(c.req.param('id')));
    if (target) {
      await audit(x.db, c.get('account')!.id, 'delivery.retry', undefined, c.req.param('id'));
      await x.bot?.()?.outbox.wake(target);
    }
    return c.redirect(`${x.base}/delivery?done=${target ? 'retry' : 'gone'}`, 303);
  });
  app.post('/delivery/:id{[0-9]+}/discard', x.signedIn, admin, async (c) => {
    const ok = await discardParked(x.db, Number(c.req.param('id')));
    if (ok) await audit(x.db, c.get('account')!.id, 'delivery.discard', undefined, c.req.param('id'));
    return c.redirect(`${x.base}/delivery?done=${ok ? 'discard' : 'gone'}`, 303);
  });
  return app;
}
