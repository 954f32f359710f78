import { Hono, type Context } from 'hono';
import { isStage, registrableDomain, STAGES } from '../accounts/index.js';
import { csvRecords } from '../schema/csv.js';
import type { Store } from '../store/index.js';
import { HttpError } from './errors.js';
import { parseJson } from './read-json.js';

const reason = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 200) : null);

/**
 * The CRM's side of the funnel: `POST /api/accounts/:id/stage {stage, reason}` for one account,
 * `POST /api/stages` (text/csv `domain,stage[,reason]` or a JSON array) for many, with a report
 * per row. Any stage may be set (a lost opportunity goes back to engaged); each change is kept.
 */
export function stagesRoutes(store: Store, now: () => number): Hono {
  const app = new Hono();

  app.post('/api/accounts/:id/stage', async (c) => {
    const body = parseJson(await c.req.text()) as Record<string, unknown> | null;
    const stage = typeof body?.stage === 'string' ? body.stage : '';
    if (!isStage(stage)) throw new HttpError(400, 'invalid_stage', `stage must be one of ${STAGES.join(', ')}`);
    const id = c.req.param('id');
    const account = (await store.listAccounts({ limit: 1, ids: [id] }))[0];
    if (!account) throw new HttpError(404, 'unknown_account', `no account has the id ${JSON.stringify(id.slice(0, 64))}`);
    const changed = account.stage !== stage && (await store.changeStages([{ accountId: id, from: account.stage, to: stage, at: now(), source: 'api', reason: reason(body?.reason) }])) > 0;
    return c.json({ id, stage, previous: account.stage, changed });
  });

  app.post('/api/stages', async (c) => {
    const rows = await readRows(c);
    const targets = await store.listAccounts({ limit: 1_000_000 });
    const byDomain = new Map(targets.filter((a) => a.domain).map((a) => [a.domain!, a]));
    const report: { row: number; status: string; [k: string]: unknown }[] = [];
    for (const { row, value } of rows) {
      const r = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
      const domain = typeof r.domain === 'string' ? registrableDomain(r.domain) : null;
      const stage = typeof r.stage === 'string' ? r.stage.trim().toLowerCase() : '';
      const account = domain ? byDomain.get(domain) : undefined;
      if (!isStage(stage)) report.push({ row, status: 'error', message: `stage must be one of ${STAGES.join(', ')}` });
      else if (!account) report.push({ row, status: 'error', message: `no account has the domain ${JSON.stringify(String(r.domain ?? '').slice(0, 100))}` });
      else if (account.stage === stage) report.push({ row, status: 'unchanged', id: account.id, stage });
      else {
        await store.changeStages([{ accountId: account.id, from: account.stage, to: stage, at: now(), source: 'csv', reason: reason(r.reason) }]);
        report.push({ row, status: 'changed', id: account.id, stage, previous: account.stage });
        account.stage = stage;
      }
    }
    const count = (s: string) => report.filter((x) => x.status === s).length;
    return c.json({ changed: count('changed'), unchanged: count('unchanged'), errors: count('error'), rows: report });
  });
  return app;
}

async function readRows(c: Context): Promise<{ row: number; value: unknown }[]> {
  const text = await c.req.text();
  if (/^\s*text\/csv/i.test(c.req.header('content-type') ?? '')) {
    return csvRecords(text, ['domain', 'stage', 'reason']).map((r, i) => ({ row: i + 1, value: r.record ?? {} }));
  }
  const data = parseJson(text);
  if (!Array.isArray(data)) throw new HttpError(400, 'invalid_body', 'send a JSON array of {domain, stage}, or text/csv with the header domain,stage,reason');
  return data.map((value, i) => ({ row: i + 1, value }));
}
