/**
 * Styles of the report pages' shared parts: period presets, segment tabs, what an account read,
 * intent marks, and the words under the KPI tiles. Served inside app.css (assets.ts).
 */
export const REPORT_CSS = `
.period-pick{display:flex;flex-direction:column;gap:8px;align-items:flex-end}.head>.actions{margin-left:auto;justify-content:flex-end;align-items:flex-end}
.presets{display:flex;gap:2px;flex-wrap:wrap;background:#eaedf1;border-radius:8px;padding:2px}
.presets a{padding:4px 10px;border-radius:6px;color:var(--ink);font-size:13px;white-space:nowrap}
.presets a:hover{background:#fff;text-decoration:none}.presets a.on{background:#fff;color:var(--accent);font-weight:600;box-shadow:var(--shadow)}
.tabs.segment{margin:-6px 0 16px;font-size:14px}
ul.read{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:3px;font-size:13px;min-width:220px;max-width:460px}
ul.read li{display:flex;gap:6px;align-items:baseline;flex-wrap:wrap}
.read-title{border-bottom:1px dotted #b8c0ca;word-break:break-word}
.badge.intent{background:#fee4e2;color:#b42318}.badge.download{background:#fef3c7;color:#92400e}
ul.read .badge{font-size:11px;padding:0 6px}
ul.evidence{margin:0;padding-left:0;list-style:none;font-size:12px}ul.evidence li.for{color:#166534}ul.evidence li.against{color:#b42318}
.glossary{font-size:12px;margin:-6px 0 16px;max-width:120ch}.period-line{margin:-12px 0 12px;font-size:13px}
a.acct-name{color:var(--accent)}a.acct-name:hover{color:var(--accent);text-decoration:underline}
table.newest td,table.accounts td{vertical-align:top}
@media (max-width:900px){.period-pick{align-items:stretch}}
`;
