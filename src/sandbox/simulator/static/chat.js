// Netreach sandbox simulator: a chat that updates by itself where scripts run. The pages work
// without this file: a form posts, the page comes back, and the chat (a scroller that runs bottom
// up) opens at its newest message.
// <main id="main" data-events="/sandbox/events?…" data-part="…&part=live">: on a `change` event the
// page's live parts (elements with data-live and an id) are fetched again and put in place.
(function () {
  'use strict';
  var main = document.getElementById('main');
  var toLast = document.getElementById('to-last');
  // A chat page (Telegram's layout) scrolls its messages, bottom up (scrollTop 0 is the newest);
  // another page with a chat in it (the community chat, the channel) scrolls as a page, and keeps
  // its newest message in view only once it is there.
  var chatPage = document.body.classList.contains('tg') && main;

  function atBottom() {
    if (chatPage) return Math.abs(main.scrollTop) < 96;
    var last = document.getElementById('last');
    if (!last) return false;
    var r = last.getBoundingClientRect();
    return r.top >= 0 && r.top <= window.innerHeight;
  }
  function toBottom() {
    if (chatPage) main.scrollTop = 0;
    else {
      var last = document.getElementById('last');
      if (last) last.scrollIntoView({ block: 'nearest' });
    }
    if (toLast) toLast.hidden = true;
  }
  function lastMark() {
    var last = document.getElementById('last');
    return last ? { id: last.getAttribute('data-last'), mine: last.getAttribute('data-mine') === '1' } : null;
  }

  var stick = atBottom();
  (chatPage ? main : window).addEventListener('scroll', function () {
    stick = atBottom();
    if (stick && toLast) toLast.hidden = true;
  }, { passive: true });
  // A photo that loads makes the chat taller: keep the newest message in view.
  document.addEventListener('load', function (e) {
    if (e.target && e.target.tagName === 'IMG' && stick) toBottom();
  }, true);
  if (toLast) {
    toLast.addEventListener('click', function (e) {
      e.preventDefault();
      toBottom();
    });
  }
  // The ↓ button sits just over the composer, however tall the composer is.
  var composer = document.querySelector('footer.composer');
  function placeToLast() {
    if (composer) document.documentElement.style.setProperty('--composer', composer.offsetHeight + 'px');
  }
  placeToLast();
  window.addEventListener('resize', placeToLast);

  // The composer: grows with the text; Enter sends on a computer (Shift+Enter: a new line).
  var text = document.getElementById('text');
  if (text && text.form) {
    var grow = function () {
      text.style.height = 'auto';
      text.style.height = Math.min(text.scrollHeight + 2, 144) + 'px';
    };
    text.addEventListener('input', grow);
    text.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && window.matchMedia('(pointer: fine)').matches) {
        e.preventDefault();
        if (text.form.requestSubmit) text.form.requestSubmit();
        else text.form.submit();
      }
    });
  }
  // The chosen photo or file, named under the composer.
  var file = document.getElementById('file');
  var picked = document.getElementById('picked');
  if (file && picked) {
    file.addEventListener('change', function () {
      picked.textContent = file.files && file.files.length ? '📎 ' + file.files[0].name : '';
    });
  }
  // A form is sent once: a second tap while the page loads sends nothing more.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (form.getAttribute('method') === 'dialog') return;
    if (form.dataset.sent) {
      e.preventDefault();
      return;
    }
    form.dataset.sent = '1';
  });
  window.addEventListener('pageshow', function (e) {
    if (!e.persisted) return;
    var sent = document.querySelectorAll('form[data-sent]');
    for (var i = 0; i < sent.length; i++) delete sent[i].dataset.sent;
  });

  if (!main || !main.dataset.events || !main.dataset.part || !window.EventSource || !window.fetch || !window.DOMParser) return;
  var timer = null;
  var busy = false;
  var again = false;

  function refresh() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    var before = lastMark();
    var wasAtBottom = atBottom();
    fetch(main.dataset.part, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (res) {
        if (!res.ok) throw new Error('not refreshed');
        return res.text();
      })
      .then(function (html) {
        var parsed = new DOMParser().parseFromString(html, 'text/html');
        var parts = parsed.querySelectorAll('[data-live][id]');
        for (var i = 0; i < parts.length; i++) {
          var current = document.getElementById(parts[i].id);
          if (!current) continue;
          if (current.getAttribute('role') === 'log') merge(current, parts[i]);
          else current.replaceWith(parts[i]);
        }
        var after = lastMark();
        var arrived = after && (!before || after.id !== before.id);
        placeToLast();
        if (arrived && (wasAtBottom || (chatPage && after.mine))) toBottom();
        else if (arrived && toLast && chatPage) toLast.hidden = false;
      })
      .catch(function () {})
      .then(function () {
        busy = false;
        if (again) {
          again = false;
          refresh();
        }
      });
  }

  // The conversation is changed in place, message by message: what did not change stays (with the
  // focus on it), and a screen reader hears only what was added.
  function merge(cur, next) {
    var prev = null;
    var nodes = Array.prototype.slice.call(next.children);
    for (var i = 0; i < nodes.length; i++) {
      var n = nodes[i];
      var old = n.id ? document.getElementById(n.id) : null;
      var target = n;
      if (old && old.parentNode === cur) {
        if (old.outerHTML === n.outerHTML) target = old;
        else old.replaceWith(n);
      }
      var want = prev ? prev.nextSibling : cur.firstChild;
      if (want !== target) cur.insertBefore(target, want);
      prev = target;
    }
    while (prev ? prev.nextSibling : cur.firstChild) cur.removeChild(prev ? prev.nextSibling : cur.firstChild);
  }

  // One stream per visible tab: a browser allows only a few connections to a server, and a hidden
  // tab does not need its stream (it catches up when shown again).
  var events = null;
  function listen() {
    events = new EventSource(main.dataset.events);
    // Whatever changed between the page and the stream (or while reconnecting): unchanged messages stay as they are.
    events.addEventListener('ready', refresh);
    events.addEventListener('change', function () {
      // Several changes in a burst make one fetch.
      clearTimeout(timer);
      timer = setTimeout(refresh, 120);
    });
  }
  document.addEventListener('visibilitychange', function () {
    if (document.hidden) {
      if (events) events.close();
      events = null;
    } else if (!events) {
      listen();
      refresh();
    }
  });
  if (!document.hidden) listen();
})();
