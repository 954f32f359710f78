/**
 * The live view's browser half (served in app.js). Every second it asks the table's `data-live`
 * URL for what arrived since its cursor (`since`, from the previous reply's X-Live-Cursor header),
 * and puts each row it does not have yet in its place: newest event time first, then by id, as
 * the server sorts, so an event that arrives late lands among the ones that happened around it.
 * Rows are the server's (escaped by JSX), parsed in an inert document and moved over; no event
 * text goes through innerHTML, and the CSP stops inline handlers should anything slip through.
 */
export const LIVE_JS = `
(function () {
  var live = document.querySelector('table[data-live]');
  if (!live) return;
  var body = live.tBodies[0], url = live.getAttribute('data-live'), cursor = live.getAttribute('data-live-cursor') || '';
  var seen = new Set(Array.prototype.map.call(body.rows, function (r) { return r.getAttribute('data-id'); }));
  function before(a, b) {
    var ta = Number(a.getAttribute('data-ts')), tb = Number(b.getAttribute('data-ts'));
    return ta > tb || (ta === tb && a.getAttribute('data-id') > b.getAttribute('data-id'));
  }
  function place(row) {
    for (var r = body.firstElementChild; r; r = r.nextElementSibling) if (before(row, r)) return body.insertBefore(row, r);
    body.appendChild(row);
  }
  var busy = false;
  setInterval(function () {
    if (busy) return;
    busy = true;
    var ask = url + (url.indexOf('?') < 0 ? '?' : '&') + (cursor ? 'since=' + encodeURIComponent(cursor) : '');
    fetch(ask, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) return null;
      var next = r.headers.get('X-Live-Cursor');
      if (next && /^[0-9]+$/.test(next)) cursor = next;
      return r.text();
    }).then(function (html) {
      if (html === null) return;
      var doc = new DOMParser().parseFromString('<table><tbody>' + html + '</tbody></table>', 'text/html');
      var rows = doc.querySelectorAll('tr[data-id]');
      for (var i = 0; i < rows.length; i++) {
        var id = rows[i].getAttribute('data-id');
        if (seen.has(id)) continue;
        seen.add(id);
        var row = document.importNode(rows[i], true);
        row.classList.add('live-new');
        place(row);
      }
      while (body.rows.length > 200) body.deleteRow(-1);
      var empty = document.querySelector('[data-live-empty]');
      if (empty && body.rows.length) empty.remove();
    }).catch(function () {}).then(function () { busy = false; });
  }, 1000);
})();
`;
