import type { FC } from 'hono/jsx';
import { ROLE_LEVELS, type ScoreReading, type ScoringRules, type StageRules } from '../../accounts/index.js';
import { Card } from '../components.js';
import { fmtDay, fmtNum } from '../format.js';

/** Weights such as 1.25 keep their second decimal. */
const fmtWeight = (n: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(n);
const points = (n: number) => `${fmtWeight(n)} point${n === 1 ? '' : 's'}`;
const days = (n: number) => `${fmtNum(n)} day${n === 1 ? '' : 's'}`;
const ROLE_LABELS: Record<(typeof ROLE_LEVELS)[number], string> = { c_level: 'C-level', vp: 'VP', director: 'Director', manager: 'Manager', other: 'Other or unknown' };

/** What each action is worth, in the order a visitor warms up; the env name of each in SCORE_POINTS. */
const ACTIONS = (p: ScoringRules['points']): { label: string; value: number; env: string; note?: string }[] => [
  { label: 'A page view', value: p.pageView, env: 'page_view' },
  { label: 'A view of a pricing page', value: p.pricingView, env: 'pricing_view', note: 'instead of a page view, when the page path matches the pricing pattern below' },
  { label: 'A download', value: p.download, env: 'download' },
  { label: 'A form sent', value: p.form, env: 'form' },
  { label: 'A demo or contact request', value: p.demoForm, env: 'demo_form', note: 'instead of a form, when the form id, action or page matches the demo-form pattern below' },
];

/**
 * Settings → Scoring and stages, in plain words: what each action is worth, how seniority
 * multiplies it, how fast points fade, and the scores and visits that move an account to engaged
 * and MQA. Read-only: the collector's environment sets them.
 */
export const ScoringCard: FC<{ rules: ScoringRules; reading: ScoreReading; stages: StageRules; programmeStart: number | undefined }> = ({ rules, reading, stages, programmeStart }) => (
  <Card title="Scoring and stages">
    <h3>Points per action</h3>
    <p class="muted">Each action of a company's people adds to the company's score. Bots and cloud or hosting networks never score.</p>
    <table>
      <tbody>
        {ACTIONS(rules.points).map((a) => (
          <tr>
            <td>
              {a.label}
              {a.note ? <div class="muted small">{a.note}</div> : null}
            </td>
            <td class="num">{points(a.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
    <dl class="kv">
      <dt>Pricing pages</dt>
      <dd class="mono">{rules.pricingPattern.source}</dd>
      <dt>Demo forms</dt>
      <dd class="mono">{rules.demoFormPattern.source}</dd>
    </dl>
    <h3>Seniority</h3>
    <p class="muted">Points are multiplied by the seniority of the job title the person gave in a form (no title counts as other).</p>
    <table>
      <tbody>
        {ROLE_LEVELS.map((level) => (
          <tr>
            <td>{ROLE_LABELS[level]}</td>
            <td class="num">× {fmtWeight(reading.weights[level])}</td>
          </tr>
        ))}
      </tbody>
    </table>
    <h3>Recency</h3>
    <p>
      A point loses half its worth every {days(reading.halfLifeDays)}: earned {days(reading.halfLifeDays)} ago it counts ½, {days(reading.halfLifeDays * 2)} ago ¼. So a
      demo request from a VP adds {fmtWeight(rules.points.demoForm * reading.weights.vp)} to the score today, and counts{' '}
      {fmtWeight((rules.points.demoForm * reading.weights.vp) / 2)} after {days(reading.halfLifeDays)}.
    </p>
    <h3>Stages</h3>
    <ul>
      <li>
        <strong>Aware</strong>: the company visited at least once.
      </li>
      <li>
        <strong>Engaged</strong>: a score of at least {fmtNum(stages.engagedScore)} over the last {days(stages.windowDays)}, or visits on at least {days(stages.engagedDays)} of them.
      </li>
      <li>
        <strong>MQA</strong> (marketing-qualified account): a score of at least {fmtNum(stages.mqaScore)} over the last {days(stages.windowDays)}.
      </li>
      <li>
        <strong>Opportunity</strong> and <strong>customer</strong> come from your CRM (or are set by hand); engagement never moves an account down.
      </li>
    </ul>
    <p>Programme start (for uplift): {programmeStart !== undefined ? fmtDay(programmeStart) : 'not set'}.</p>
    <p class="muted">
      Read-only here: the collector's environment sets them, and a restart applies them: <code class="mono">SCORE_POINTS</code> (
      <code class="mono">{ACTIONS(rules.points).map((a) => `${a.env}=${fmtWeight(a.value)}`).join(',')}</code>), <code class="mono">PRICING_PATTERN</code>,{' '}
      <code class="mono">DEMO_FORM_PATTERN</code>, <code class="mono">ROLE_WEIGHTS</code>, <code class="mono">SCORE_HALF_LIFE_DAYS</code>, <code class="mono">ENGAGED_SCORE</code>,{' '}
      <code class="mono">ENGAGED_DAYS</code>, <code class="mono">MQA_SCORE</code>, <code class="mono">STAGE_WINDOW_DAYS</code>, <code class="mono">PROGRAMME_START</code>.
    </p>
  </Card>
);
