import type { FC } from 'hono/jsx';
import { readAlertSettings, SETTINGS_NAME } from '../notify/index.js';
import { INTENT_LABELS, LIST_DEPTH, type AccountReading, type IntentKind, type IntentRules } from '../reports/index.js';
import type { DashboardDeps } from './deps.js';
import { fmtInt, shortUrl } from './format.js';

/** The high-intent rules in force: the scoring rules' patterns and the alerts' high-intent paths as saved in Alerts. */
export async function intentRules(d: Pick<DashboardDeps, 'store' | 'rules'>): Promise<IntentRules> {
  const alerts = readAlertSettings(await d.store.getSetting(SETTINGS_NAME));
  return { pricing: d.rules.pricingPattern, demo: d.rules.demoFormPattern, paths: alerts.intentPatterns };
}

/** A high-intent mark: what kind, and why on hover. */
export const IntentBadge: FC<{ kind: IntentKind }> = ({ kind }) => (
  <span class="badge intent" title={INTENT_LABELS[kind].help}>
    {INTENT_LABELS[kind].label}
  </span>
);

/**
 * What an account read, compact enough for a table cell: each page or download by its title
 * (the URL on hover; plain text, never a link out), intent pages and downloads marked, views when
 * more than one, and how many more there were.
 */
export const ReadList: FC<{ reading: AccountReading | undefined; empty?: string }> = ({ reading, empty }) => {
  if (!reading?.items.length) return <span class="muted">{empty ?? 'nothing read'}</span>;
  const more = reading.total - reading.items.length;
  return (
    <ul class="read">
      {reading.items.map((i) => (
        <li>
          <span class="read-title" title={i.url}>
            {i.title || shortUrl(i.url, 60)}
          </span>
          {i.intent ? <IntentBadge kind={i.intent} /> : null}
          {i.kind === 'asset' ? <span class="badge download" title="A download">download</span> : null}
          {i.views > 1 ? <small title={`${fmtInt(i.views)} ${i.kind === 'asset' ? 'downloads' : 'page views'}`}> ×{fmtInt(i.views)}</small> : null}
        </li>
      ))}
      {more > 0 || reading.cut ? (
        <li class="muted" title={reading.cut ? `Counted over the account's newest ${fmtInt(LIST_DEPTH)} page views and downloads of the period; its page counts them all` : undefined}>
          {reading.cut ? `+ ${fmtInt(more)} more in its newest ${fmtInt(LIST_DEPTH)} reads` : `+ ${fmtInt(more)} more`}
        </li>
      ) : null}
    </ul>
  );
};
