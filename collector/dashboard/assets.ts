import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { CHART_CSS, CHART_JS } from './chart-script.js';
import { LIVE_JS } from './live-script.js';
import { REPORT_CSS } from './report-css.js';
import { WHEN_JS } from './when.js';

/** The dashboard's one stylesheet: system fonts, a calm palette, tables and cards that read at 1280 px and on a laptop. */
const CSS = `
:root{--bg:#f6f7f9;--card:#fff;--ink:#1d2330;--muted:#5f6b7a;--line:#e3e7ec;--accent:#4f46e5;--accent-soft:#eef0ff;--ok:#0f7b4f;--bad:#b42318;--warn:#a15c07;
--radius:10px;--shadow:0 1px 2px rgba(16,24,40,.06),0 1px 3px rgba(16,24,40,.08);font-family:ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--ink);font-size:14px;line-height:1.45}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
h1{font-size:22px;margin:0;font-weight:650;letter-spacing:-.01em}h2{font-size:15px;margin:0;font-weight:600}
.top{display:flex;align-items:center;gap:24px;padding:0 24px;height:56px;background:#111827;color:#e5e7eb;position:sticky;top:0;z-index:2}
.top .brand{color:#fff;font-weight:700;font-size:15px;white-space:nowrap}.top .logo{color:#a5b4fc}
.top nav{display:flex;gap:4px;flex:1;overflow-x:auto}.top nav a{color:#cbd5e1;padding:6px 10px;border-radius:6px;white-space:nowrap}
.top nav a:hover{background:#1f2937;text-decoration:none;color:#fff}.top nav a.on{background:#374151;color:#fff}
.who{display:flex;align-items:center;gap:10px;font-size:13px;color:#9ca3af;white-space:nowrap}
.page{max-width:1280px;margin:0 auto;padding:24px}.page.narrow{max-width:420px;padding-top:10vh}
.head{display:flex;justify-content:space-between;align-items:flex-end;gap:16px;margin-bottom:20px;flex-wrap:wrap}.sub{margin:4px 0 0;color:var(--muted)}
.actions{display:flex;gap:8px;align-items:center;flex-wrap:wrap}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}
.card{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);box-shadow:var(--shadow);padding:16px 18px;margin-bottom:16px;min-width:0}
.card-head{display:flex;justify-content:space-between;align-items:center;margin-bottom:12px;gap:8px}
/* tiles: never wider than their column (nor the screen); long labels, figures and notes wrap rather than spill or get cut */
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,160px),1fr));gap:12px;margin-bottom:16px}
.tile{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);box-shadow:var(--shadow);padding:14px 16px;min-width:0;overflow-wrap:anywhere}
.tile-label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}.tile-value{font-size:26px;line-height:1.25;font-weight:650;margin-top:2px;font-variant-numeric:tabular-nums}
.tile .clip{white-space:normal;overflow:visible;text-overflow:clip}.tile-note{font-size:12px;color:var(--muted)}.tile-note.up{color:var(--ok)}.tile-note.down{color:var(--bad)}
table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}th,td{padding:8px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{font-size:12px;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.03em;white-space:nowrap}th a{color:inherit}
td.num,th.num{text-align:right}tr:last-child td{border-bottom:0}tbody tr:hover{background:#fafbfc}
.table-wrap{overflow-x:auto}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;background:#eef2f6;color:#344054;white-space:nowrap}
.badge.target{background:var(--accent-soft);color:var(--accent)}.stage-aware{background:#e0f2fe;color:#075985}.stage-engaged{background:#fef3c7;color:#92400e}
.stage-mqa{background:#dcfce7;color:#166534}.stage-opportunity{background:#ede9fe;color:#5b21b6}.stage-customer{background:#111827;color:#fff}
form.period,form.filters{display:flex;gap:8px;align-items:end;flex-wrap:wrap}label{display:flex;flex-direction:column;gap:4px;font-size:12px;color:var(--muted)}
input,select,textarea{font:inherit;padding:6px 8px;border:1px solid #cfd6de;border-radius:6px;background:#fff;color:var(--ink)}textarea{width:100%;min-height:120px;font-family:ui-monospace,monospace;font-size:12px}
button,.button{font:inherit;padding:6px 14px;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;white-space:nowrap}
button.secondary,.button.secondary{background:#fff;color:var(--ink);border-color:#cfd6de}button.danger{background:#fff;color:var(--bad);border-color:#f1b8b2}
button.link{background:none;border:0;color:#cbd5e1;padding:0}button.link:hover{color:#fff;text-decoration:underline}
.stack{display:flex;flex-direction:column;gap:12px}.row{display:flex;gap:12px;align-items:end;flex-wrap:wrap}
.flash{padding:10px 14px;border-radius:8px;margin:0 0 16px}.flash.ok{background:#ecfdf3;color:var(--ok)}.flash.error{background:#fef3f2;color:var(--bad)}
.empty{color:var(--muted);padding:12px 0;margin:0}.muted{color:var(--muted)}small{color:var(--muted)}
.pager{display:flex;gap:16px;justify-content:flex-end;align-items:center;margin-top:12px;color:var(--muted)}.pager .off{color:#c2c8d0}
${CHART_CSS}.bars{list-style:none;margin:0;padding:0}.bars li{display:grid;grid-template-columns:minmax(120px,1.2fr) 2fr auto;gap:10px;align-items:center;padding:4px 0}
.bar-label{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.bar-track{width:100%;height:10px;background:#f0f2f5;border-radius:2px}.bar{fill:var(--accent)}
.bar-value{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.ext,.plain{word-break:break-all}.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
pre.snippet{background:#0f172a;color:#e2e8f0;padding:12px;border-radius:8px;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
.timeline{list-style:none;margin:0;padding:0}.timeline>li{border-left:2px solid var(--line);padding:0 0 16px 16px;position:relative}
.timeline>li::before{content:"";position:absolute;left:-6px;top:4px;width:10px;height:10px;border-radius:50%;background:var(--accent)}
.timeline ol{margin:6px 0 0;padding-left:18px}.kv{display:grid;grid-template-columns:max-content 1fr;gap:6px 16px;margin:0}.kv dt{color:var(--muted)}.kv dd{margin:0}
.login{background:var(--card);border:1px solid var(--line);border-radius:12px;box-shadow:var(--shadow);padding:28px}
.login h1{margin-bottom:4px}.login form{display:flex;flex-direction:column;gap:12px;margin-top:16px}.login .or{text-align:center;color:var(--muted);margin:16px 0 0}
.live-new{animation:flash 1.5s ease-out}@keyframes flash{from{background:#fff7d6}to{background:transparent}}
@media (max-width:900px){.top{gap:12px;padding:0 12px}.who span{display:none}.page{padding:16px}.grid2{grid-template-columns:1fr}}
.acct{display:flex;gap:8px;align-items:center;flex-wrap:wrap}.acct-name{font-weight:600;color:var(--ink)}.acct-name:hover{color:var(--accent)}
td.strong{font-weight:600}th a.sorted{color:var(--ink)}.nowrap{white-space:nowrap}.crumbs{margin:0 0 8px;font-size:13px}
.acct-meta{display:flex;gap:10px;align-items:center;flex-wrap:wrap;margin-top:4px}
.hits{list-style:none;margin:6px 0 0;padding:0;display:flex;flex-direction:column;gap:6px}
.tl-head{display:flex;gap:10px;align-items:center;flex-wrap:wrap;margin-bottom:2px}.timeline ol li{padding:1px 0}
.stage-form{margin-bottom:12px}
/* target list, settings, live */
.card h3{font-size:14px;margin:12px 0 6px;font-weight:600}.card-head h3{margin:0}
form.inline{display:inline}td.row-actions{white-space:nowrap;text-align:right}td.row-actions>*+*{margin-left:10px}
button.small{padding:2px 10px;font-size:12px}input.short{width:6em}textarea.short{min-height:64px}label.grow{flex:1;min-width:260px}
label.check{flex-direction:row;font-size:13px;color:var(--ink)}label.check input{margin:0 6px 0 0}
.add-form{border-top:1px solid var(--line);margin-top:16px;padding-top:4px}.site+.site{border-top:1px solid var(--line);padding-top:12px}
.result-created{background:#dcfce7;color:#166534}.result-updated{background:#e0f2fe;color:#075985}.result-rejected{background:#fef3f2;color:var(--bad)}
.badge.bot{background:#fef3f2;color:var(--bad)}.net-business{background:var(--accent-soft);color:var(--accent)}.detail{font-size:12px;margin-top:2px}
input[readonly]{background:#f3f4f6;color:var(--muted)}table.live td{font-size:13px}table.live td.mono,table.live .via{white-space:nowrap}code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
/* report pages: overview, content, channels */
.more{margin:10px 0 0;font-size:13px}.clip{display:block;max-width:100%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.tabs{display:flex;gap:4px;flex-wrap:wrap;font-size:13px}.tabs a{padding:3px 10px;border-radius:6px;color:var(--muted)}.tabs a:hover{background:#f0f2f5;text-decoration:none}.tabs a.on{background:var(--accent-soft);color:var(--accent);font-weight:600}
tfoot td{border-top:1px solid var(--line);border-bottom:0;font-weight:600}td.tile-note{font-size:13px}table.report td.num{white-space:nowrap}
/* alerts */
fieldset.plain{border:0;padding:0;margin:0;min-width:0}td.error-text{color:var(--bad);word-break:break-word;max-width:420px}
.alert-sent{background:#dcfce7;color:#166534}.alert-dead{background:#fef3f2;color:var(--bad)}.alert-pending{background:#fef3c7;color:#92400e}
.alert-digest{background:#e0f2fe;color:#075985}.alert-digested{background:#eef2f6;color:var(--muted)}
${REPORT_CSS}
`;

/** A little script, no framework: copy-to-clipboard buttons, confirmations, and the live view's refresh. */
const JS = `
document.addEventListener('click', function (e) {
  var t = e.target.closest && e.target.closest('[data-copy]');
  if (!t) return;
  var src = document.getElementById(t.getAttribute('data-copy'));
  if (src && navigator.clipboard) navigator.clipboard.writeText(src.textContent || '').then(function () { t.textContent = 'Copied'; });
});
document.addEventListener('submit', function (e) {
  var msg = e.target.getAttribute && e.target.getAttribute('data-confirm');
  if (msg && !window.confirm(msg)) e.preventDefault();
});
${LIVE_JS}${CHART_JS}${WHEN_JS}`;

const etag = (s: string) => `"${createHash('sha256').update(s).digest('base64url').slice(0, 16)}"`;
const FILES: Record<string, { body: string; type: string; etag: string }> = {
  'app.css': { body: CSS, type: 'text/css; charset=utf-8', etag: etag(CSS) },
  'app.js': { body: JS, type: 'text/javascript; charset=utf-8', etag: etag(JS) },
};

/** `/app/assets/app.css` and `/app/assets/app.js`, with ETags (served before sign-in: the login page uses them). */
export function assetRoutes(): Hono {
  const app = new Hono();
  app.get('/app/assets/:file', (c) => {
    const f = FILES[c.req.param('file')];
    if (!f) return c.text('Not found', 404);
    if (c.req.header('if-none-match') === f.etag) return c.body(null, 304);
    c.header('Content-Type', f.type);
    c.header('ETag', f.etag);
    c.header('Cache-Control', 'no-cache');
    return c.body(f.body);
  });
  return app;
}
