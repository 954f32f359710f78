// The newsletter form posts by fetch, so the reader stays on the page.
document.addEventListener('submit', function (e) {
  var form = e.target;
  if (!(form instanceof HTMLFormElement) || form.id !== 'newsletter') return;
  e.preventDefault();
  fetch(form.action, { method: 'POST', body: new FormData(form) }).then(function (res) {
    if (!res.ok) return;
    var done = form.querySelector('[data-done]');
    if (done) done.hidden = false;
    form.reset();
  });
});
