import type { FC } from 'hono/jsx';
import type { StageRules } from '../../accounts/index.js';
import type { KpiReport } from '../../reports/index.js';
import { Tile } from '../components.js';
import { fmtCountChange, fmtInt, fmtNum, fmtPct, fmtRateChange, fmtScore } from '../format.js';

/** The funnel's words, said once: the tiles' hover and the line under them use the same sentences. */
export function kpiWords(rules: StageRules) {
  return {
    awareness: 'Awareness: the share of target accounts with at least one visit in the period.',
    penetration: `Penetration: the share of target accounts engaged in the period — a score of at least ${fmtScore(rules.engagedScore)}, or visits on ${fmtInt(rules.engagedDays)} days or more.`,
    mqa: `MQA (marketing-qualified account): a target account with a score of at least ${fmtScore(rules.mqaScore)} in the period.`,
    change: 'Changes of a share are in percentage points (pp); changes of a count in per cent (%).',
  };
}

export const KpiTiles: FC<{ k: KpiReport; rules: StageRules }> = ({ k, rules }) => {
  const prev = k.uplift.previous_period;
  const vs = `vs ${prev.from} – ${prev.to}`;
  const words = kpiWords(rules);
  const aware = fmtRateChange(k.awareness_rate, prev.before.awareness_rate);
  const engaged = fmtRateChange(k.penetration_rate, prev.before.penetration_rate);
  const mqa = fmtCountChange(prev.mqa, k.mqa);
  const visitors = fmtCountChange(prev.visitors, k.visitors);
  return (
    <>
      <div class="tiles">
        <Tile label="Target accounts" value={fmtInt(k.target_accounts)} note={`${fmtInt(k.aware)} visited in the period`} help="Accounts on the target list (in the chosen segment)." />
        <Tile label="Awareness" value={fmtPct(k.awareness_rate)} note={`${fmtInt(k.aware)} aware · ${aware.text}`} tone={aware.tone} help={`${words.awareness} Change in percentage points ${vs}.`} />
        <Tile label="Penetration" value={fmtPct(k.penetration_rate)} note={`${fmtInt(k.engaged)} engaged · ${engaged.text}`} tone={engaged.tone} help={`${words.penetration} Change in percentage points ${vs}.`} />
        <Tile label="MQAs" value={fmtInt(k.mqa)} note={`${fmtPct(k.mqa_rate)} of targets · ${mqa.text}`} tone={mqa.tone} help={`${words.mqa} Change in per cent ${vs}.`} />
        <Tile
          label="People reached"
          value={fmtInt(k.reach.visitors)}
          note={`${fmtNum(k.reach.visitors_per_aware_account)} per aware account · ${visitors.text}`}
          tone={visitors.tone}
          help={`Distinct visitors (browsers) from target accounts. Change in per cent ${vs}.`}
        />
        <Tile label="Active accounts" value={fmtInt(k.active_accounts)} note="companies with a visit" help="Every identified company with at least one visit in the period, on the target list or not." />
        <Tile label="New accounts" value={fmtInt(k.new_accounts)} note={`${fmtInt(k.new_target_accounts)} on the target list`} help="Companies seen for the first time in the period." />
      </div>
      <p class="muted glossary">
        {words.awareness} {words.penetration} {words.mqa} {words.change}
      </p>
    </>
  );
};

/** This period against the previous one and, when configured, the time before the programme started. */
export const UpliftTable: FC<{ k: KpiReport }> = ({ k }) => {
  const prev = k.uplift.previous_period;
  const prog = k.uplift.programme;
  const rows: [string, number, number | null, number | null | undefined][] = [
    ['Aware target accounts', k.aware, prev.aware, prog?.aware],
    ['Engaged target accounts', k.engaged, prev.engaged, prog?.engaged],
    ['MQAs', k.mqa, prev.mqa, prog?.mqa],
    ['People reached', k.visitors, prev.visitors, prog?.visitors],
  ];
  const Cell: FC<{ rate: number | null; now: number }> = ({ rate, now }) => {
    const ch = fmtCountChange(rate, now);
    return <td class={`num tile-note ${ch.tone}`}>{ch.text}</td>;
  };
  return (
    <div class="table-wrap">
      <table class="report">
        <thead>
          <tr>
            <th></th>
            <th class="num">This period</th>
            <th class="num" title={`${prev.from} – ${prev.to}`}>
              vs previous period
            </th>
            {prog ? (
              <th class="num" title={`The same length of time before ${prog.start}`}>
                vs before programme
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, now, p, g]) => (
            <tr>
              <td>{label}</td>
              <td class="num">{fmtInt(now)}</td>
              <Cell rate={p} now={now} />
              {prog ? <Cell rate={g ?? null} now={now} /> : null}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted more">
        Counts, and their change in per cent. Previous period: {prev.from} – {prev.to}
        {prog ? ` · programme started ${prog.start}` : ''}
      </p>
    </div>
  );
};
