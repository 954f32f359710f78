import { Hono } from 'hono';
import { DEFAULT_SCORE_READING, type ScoreReading } from '../accounts/index.js';
import { accountReport } from '../reports/index.js';
import type { Store } from '../store/index.js';
import { dateRange, type DateRange } from './date-range.js';
import { HttpError } from './errors.js';

const unknownAccount = (id: string) => new HttpError(404, 'unknown_account', `no account has the id ${JSON.stringify(id.slice(0, 64))}`);

/** `GET /api/accounts/:id?from=&to=`: one account, whole: who, how identified, score history, stage changes, sessions read, people, channels. */
export function accountDetailRoutes(store: Store, now: () => number, reading: ScoreReading = DEFAULT_SCORE_READING): Hono {
  const app = new Hono();
  app.get('/api/accounts/:id', async (c) => {
    const id = c.req.param('id');
    let range: DateRange;
    try {
      range = dateRange({ from: c.req.query('from'), to: c.req.query('to') }, now());
    } catch (err) {
      // An unknown account is a 404 whatever the period asked for: the account is looked up first.
      if (!(await store.listAccounts({ limit: 1, ids: [id] }))[0]) throw unknownAccount(id);
      throw err;
    }
    const report = await accountReport(store, id, range, reading);
    if (!report) throw unknownAccount(id);
    return c.json(report);
  });
  return app;
}
