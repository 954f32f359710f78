/**
 * Charts' browser half (served in app.css and app.js). Hovering a day of a line chart shows its
 * date and value in a tooltip, with a marker on the line (from the keyboard: focus the chart, then
 * the arrow keys, Home and End); the server's SVG <title> per day is
 * what shows without the script, and is taken off once the script runs so the browser's own
 * tooltip does not show twice. Positions are set through the CSS object model, which the
 * dashboard's CSP allows (it forbids only inline style attributes and elements); the text is set
 * with textContent.
 */
export const CHART_CSS = `
.chart{width:100%;display:block;overflow:visible}.chart .grid{stroke:var(--line);shape-rendering:crispEdges}.chart .grid.base{stroke:#cfd6de}
.chart .axis{fill:var(--muted);font-size:11px;paint-order:stroke;stroke:var(--card);stroke-width:3px;stroke-linejoin:round}
.chart .line{fill:none;stroke:var(--accent);stroke-width:2;vector-effect:non-scaling-stroke;stroke-linejoin:round}.chart .area{fill:var(--accent-soft)}
.chart .hit{fill:transparent}.chart .hit:hover,.chart .hit.on{fill:var(--accent);fill-opacity:.1}
.chart-tip{position:absolute;z-index:5;pointer-events:none;background:#111827;color:#fff;font-size:12px;line-height:1.35;padding:5px 9px;border-radius:6px;white-space:nowrap;transform:translate(-50%,calc(-100% - 12px));box-shadow:var(--shadow)}
.chart-tip b{display:block;font-size:15px;font-weight:650;font-variant-numeric:tabular-nums}
.chart-dot{position:absolute;z-index:4;pointer-events:none;width:10px;height:10px;margin:-5px 0 0 -5px;border-radius:50%;background:var(--accent);border:2px solid #fff;box-shadow:0 0 0 1px var(--accent)}
.chart-tip[hidden],.chart-dot[hidden]{display:none}.chart:focus-visible{outline:2px solid var(--accent);outline-offset:4px;border-radius:4px}
`;

export const CHART_JS = `
(function () {
  var hits = document.querySelectorAll('svg[data-chart] .hit');
  if (!hits.length) return;
  for (var i = 0; i < hits.length; i++) { var t = hits[i].querySelector('title'); if (t) t.remove(); }
  var tip = document.createElement('div'), dot = document.createElement('div'), day = document.createElement('span'), value = document.createElement('b'), on = null;
  tip.className = 'chart-tip'; dot.className = 'chart-dot'; tip.hidden = dot.hidden = true;
  tip.setAttribute('role', 'status');
  tip.appendChild(value); tip.appendChild(day);
  document.body.appendChild(dot); document.body.appendChild(tip);
  function hide() { tip.hidden = dot.hidden = true; if (on) on.classList.remove('on'); on = null; }
  function show(hit) {
    if (on) on.classList.remove('on');
    on = hit; hit.classList.add('on');
    var plot = hit.ownerSVGElement.getBoundingClientRect();
    var x = plot.left + window.scrollX + Number(hit.getAttribute('data-x')) * plot.width;
    var y = plot.top + window.scrollY + (1 - Number(hit.getAttribute('data-y'))) * plot.height;
    value.textContent = hit.getAttribute('data-value');
    day.textContent = hit.getAttribute('data-day');
    dot.style.left = x + 'px'; dot.style.top = y + 'px';
    tip.hidden = dot.hidden = false;
    var w = tip.offsetWidth / 2 + 4, max = document.documentElement.clientWidth + window.scrollX - w;
    tip.style.left = Math.max(window.scrollX + w, Math.min(max, x)) + 'px'; tip.style.top = y + 'px';
  }
  document.addEventListener('mouseover', function (e) {
    var hit = e.target.closest && e.target.closest('svg[data-chart] .hit');
    var focused = document.activeElement;
    if (hit) show(hit); else if (on && !(focused && focused.matches('svg[data-chart]') && focused.contains(on))) hide();
  });
  // From the keyboard: a chart takes the focus (its last day shown), the arrow keys go day by day.
  var charts = document.querySelectorAll('svg[data-chart]');
  for (var c = 0; c < charts.length; c++) charts[c].setAttribute('tabindex', '0');
  function days(chart) { return chart.querySelectorAll('.hit'); }
  document.addEventListener('focusin', function (e) {
    var chart = e.target.closest && e.target.closest('svg[data-chart]');
    if (chart && days(chart).length) show(days(chart)[days(chart).length - 1]);
  });
  document.addEventListener('focusout', function (e) { if (e.target.closest && e.target.closest('svg[data-chart]')) hide(); });
  document.addEventListener('keydown', function (e) {
    var chart = e.target.closest && e.target.closest('svg[data-chart]');
    var step = { ArrowLeft: -1, ArrowRight: 1, Home: -1e9, End: 1e9 }[e.key];
    if (!chart || !step) return;
    var list = days(chart), i = Array.prototype.indexOf.call(list, on);
    show(list[Math.max(0, Math.min(list.length - 1, (i < 0 ? list.length - 1 : i) + step))]);
    e.preventDefault();
  });
  window.addEventListener('resize', hide);
})();
`;
