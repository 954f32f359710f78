import type { FC } from 'hono/jsx';
import type { AccountReading } from '../../reports/index.js';
import type { AccountListRow } from '../../store/index.js';
import { Empty, StageBadge } from '../components.js';
import { fmtInt, fmtScore } from '../format.js';
import { ReadList } from '../reading.js';
import { When } from '../when.js';
import { WORDS } from '../words.js';

export type NewestRow = AccountListRow & { lastVisit: number | null };

/**
 * The newest target-account visits: each account by name (a plain link to its page, keeping the
 * period), who owns it, what it read in the period (intent pages marked), and when it came last.
 */
export const NewestVisits: FC<{ rows: NewestRow[]; reading: Map<string, AccountReading>; href: (id: string) => string; now: number }> = ({ rows, reading, href, now }) =>
  rows.length ? (
    <div class="table-wrap">
      <table class="report newest">
        <thead>
          <tr>
            <th>Account</th>
            <th>What they read</th>
            <th title={WORDS.stage}>Stage</th>
            <th class="num" title="Engagement score at the end of the period">
              Score
            </th>
            <th class="num" title={`${WORDS.visits} In the period.`}>
              Visits
            </th>
            <th class="num">Last visit</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr data-account={r.id}>
              <td>
                <a href={href(r.id)} class="acct-name">
                  {r.name}
                </a>
                <div>
                  <small>{[r.domain, r.tier ? `Tier ${r.tier}` : null, r.owner].filter(Boolean).join(' · ')}</small>
                </div>
              </td>
              <td>
                <ReadList reading={reading.get(r.id)} />
              </td>
              <td>
                <StageBadge stage={r.stage} />
              </td>
              <td class="num">{fmtScore(r.score)}</td>
              <td class="num">{fmtInt(r.visits)}</td>
              <td class="num nowrap">
                <When at={r.lastVisit ?? r.lastSeen} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  ) : (
    <Empty>No target account visited in this period.</Empty>
  );
