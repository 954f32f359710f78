import type { FC } from 'hono/jsx';

/**
 * Moments shown one way on every page: relative ("just now", "5 min ago", "3 h ago",
 * "yesterday", "4 days ago", then the day) with the absolute time on hover. The server writes
 * both in UTC; the dashboard's script (WHEN_JS, served in app.js) rewrites them in the viewer's
 * time zone, with the same rules, as soon as the page loads and again every minute.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const absolute = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });
const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const dayMonthYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "7 Dec 2026, 14:05 UTC": what the hover shows before the script writes it in the viewer's zone. */
export const absoluteUtc = (ms: number) => absolute.format(ms);

/**
 * The relative words for `at` seen at `now`, calendar days counted in UTC (the browser counts
 * them in its own zone). A moment in the future by more than a minute (a wrong clock) is shown
 * as its day.
 */
export function relativeUtc(at: number, now: number): string {
  const diff = now - at;
  const days = Math.floor(now / DAY) - Math.floor(at / DAY);
  if (diff < -MINUTE) return dayMonthYear.format(at);
  if (diff < MINUTE) return 'just now';
  if (diff < HOUR) return `${Math.floor(diff / MINUTE)} min ago`;
  if (days === 0 || diff < 6 * HOUR) return `${Math.floor(diff / HOUR)} h ago`;
  if (days === 1) return 'yesterday';
  if (days < 31) return `${days} days ago`;
  return new Date(at).getUTCFullYear() === new Date(now).getUTCFullYear() ? dayMonth.format(at) : dayMonthYear.format(at);
}

const msOf = (at: number | string | Date | null | undefined): number | null => {
  if (at === null || at === undefined) return null;
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  return Number.isFinite(ms) ? ms : null;
};

/** `<time datetime="ISO" title="absolute">relative</time>`, or `empty` (a dash) when there is no moment. */
export const When: FC<{ at: number | string | Date | null | undefined; now: number; empty?: string }> = ({ at, now, empty }) => {
  const ms = msOf(at);
  if (ms === null) return <span class="muted">{empty ?? '–'}</span>;
  return (
    <time datetime={new Date(ms).toISOString()} title={absoluteUtc(ms)} data-when="">
      {relativeUtc(ms, now)}
    </time>
  );
};

/**
 * The browser's half: the same rules as relativeUtc, calendar days and the hover in the
 * viewer's own zone. Also rewrites rows added later (the live view) and refreshes every minute.
 */
export const WHEN_JS = `
(function () {
  var MIN = 60000, HOUR = 3600000, DAY = 86400000;
  var abs = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  var dm = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });
  var dmy = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
  function dayNo(d) { return Math.round(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / DAY); }
  function rel(at, now) {
    var diff = now.getTime() - at.getTime(), days = dayNo(now) - dayNo(at);
    if (diff < -MIN) return dmy.format(at);
    if (diff < MIN) return 'just now';
    if (diff < HOUR) return Math.floor(diff / MIN) + ' min ago';
    if (days === 0 || diff < 6 * HOUR) return Math.floor(diff / HOUR) + ' h ago';
    if (days === 1) return 'yesterday';
    if (days < 31) return days + ' days ago';
    return at.getFullYear() === now.getFullYear() ? dm.format(at) : dmy.format(at);
  }
  function write(root) {
    var now = new Date();
    var list = root.querySelectorAll ? root.querySelectorAll('time[data-when]') : [];
    for (var i = 0; i < list.length; i++) {
      var t = list[i], at = new Date(t.getAttribute('datetime'));
      if (isNaN(at.getTime())) continue;
      t.textContent = rel(at, now);
      t.title = abs.format(at);
    }
  }
  write(document);
  setInterval(function () { write(document); }, 60000);
  if (window.MutationObserver) new MutationObserver(function (changes) {
    for (var i = 0; i < changes.length; i++) for (var j = 0; j < changes[i].addedNodes.length; j++) {
      var n = changes[i].addedNodes[j];
      if (n.nodeType !== 1) continue;
      if (n.matches('time[data-when]')) write(n.parentNode); else write(n);
    }
  }).observe(document.body, { childList: true, subtree: true });
})();
`;
