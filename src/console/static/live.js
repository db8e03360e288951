// Netreach console: live updates where scripts run. The pages work without this file (reload).
// <main data-live="inbox|case" data-events="…/events" data-part="…?part=…" data-target="id" [data-case="42"]>
// On a `case` event (payload: case id and time only) the part is fetched again and put in place.
(function () {
  'use strict';
  var main = document.getElementById('main');
  if (!main || !main.dataset.live || !window.EventSource || !window.fetch) return;
  var kind = main.dataset.live;
  var target = document.getElementById(main.dataset.target || '');
  var status = document.getElementById('live-status');
  if (!target) return;
  var timer = null;
  var busy = false;
  var again = false;

  function refresh() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    target.setAttribute('aria-busy', 'true');
    fetch(main.dataset.part, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (res) {
        // A session that ended sends the login page: leave the page as it is.
        if (!res.ok || res.redirected) throw new Error('not refreshed');
        return res.text();
      })
      .then(function (html) {
        target.dispatchEvent(new CustomEvent('live:before'));
        target.innerHTML = html;
        target.dispatchEvent(new CustomEvent('live:after'));
        // The page's language and a 24-hour clock, as everywhere else in the console.
        var clock = new Date().toLocaleTimeString(document.documentElement.lang || undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
        if (status) status.textContent = (status.dataset.updated || '') + ' ' + clock;
      })
      .catch(function () {})
      .then(function () {
        busy = false;
        target.removeAttribute('aria-busy');
        if (again) {
          again = false;
          refresh();
        }
      });
  }

  var events = new EventSource(main.dataset.events);
  events.addEventListener('case', function (e) {
    var data;
    try {
      data = JSON.parse(e.data);
    } catch (err) {
      return;
    }
    if (kind === 'case' && String(data.id) !== main.dataset.case) return;
    // Several changes in a burst make one fetch.
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
})();
