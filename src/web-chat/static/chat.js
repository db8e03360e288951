// The web chat where scripts run: new messages arrive by server-sent events instead of the
// no-script watcher frame, the address bar shows the conversation's own link, the link can be
// copied, and Ctrl+Enter sends. Without this file every part of the page still works.
(function () {
  'use strict';
  function ready(fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
    else fn();
  }
  ready(function () {
    var copy = document.querySelectorAll('[data-copy]');
    for (var i = 0; i < copy.length; i++) {
      (function (button) {
        var source = document.querySelector(button.getAttribute('data-copy'));
        if (!source || !navigator.clipboard) return;
        button.hidden = false;
        button.addEventListener('click', function () {
          navigator.clipboard.writeText(source.textContent.trim()).then(function () {
            button.textContent = button.getAttribute('data-copied');
          });
        });
      })(copy[i]);
    }

    var text = document.getElementById('text');
    if (text && text.form) {
      text.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && text.value.trim() !== '') text.form.requestSubmit();
      });
    }

    var chat = document.querySelector('.chat[data-base]');
    if (!chat || !window.EventSource || !window.fetch) return;
    var base = chat.getAttribute('data-base');
    // The first message was posted to /chat/new: the address bar shows the link to come back to.
    if (location.pathname !== base) history.replaceState(null, '', base + location.hash);
    var watch = chat.querySelector('iframe.watch');
    if (watch) watch.remove();
    var log = document.getElementById('log');
    var list = log.querySelector('ol');
    var busy = false;

    function after() {
      return chat.getAttribute('data-after');
    }

    function fetchNew() {
      if (busy) return;
      busy = true;
      fetch(base + '/after/' + after(), { credentials: 'same-origin', cache: 'no-store' })
        .then(function (r) {
          return r.ok ? r.text() : '';
        })
        .then(function (html) {
          busy = false;
          if (!html) return;
          var old = list.querySelector('#last');
          if (old) old.id = 'm' + old.getAttribute('data-id');
          list.insertAdjacentHTML('beforeend', html);
          var items = list.querySelectorAll('li[data-id]');
          var last = items[items.length - 1];
          if (last) chat.setAttribute('data-after', last.getAttribute('data-id'));
          // The log runs bottom up: its start is the newest message.
          log.scrollTop = log.scrollHeight;
          if (last) last.scrollIntoView({ block: 'end' });
        })
        .catch(function () {
          busy = false;
        });
    }

    var events = new EventSource(base + '/events?after=' + after());
    events.addEventListener('changed', fetchNew);
    events.addEventListener('ready', fetchNew);
  });
})();
