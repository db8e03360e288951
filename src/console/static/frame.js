// Netreach console: what the case-work pages do where scripts run. Every page works without it.
// - marks <html class="js"> (the composer sticks to the bottom, the key hint shows);
// - moves focus to the last action's result (#flash) so it is announced and in view;
// - in the inbox, j and k move through the list and Enter opens (a focused link);
// - in a case, keeps the newest message in view on arrival and after a live update.
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  var flash = document.getElementById('flash');
  if (flash) flash.focus({ preventScroll: true });

  var list = document.getElementById('case-list');
  if (list) {
    document.addEventListener('keydown', function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey || (e.key !== 'j' && e.key !== 'k')) return;
      var el = e.target;
      if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)) return;
      var rows = Array.prototype.slice.call(list.querySelectorAll('a.row'));
      if (rows.length === 0) return;
      var i = rows.indexOf(document.activeElement);
      i = e.key === 'j' ? Math.min(rows.length - 1, i + 1) : Math.max(0, i < 0 ? 0 : i - 1);
      rows[i].focus();
      rows[i].scrollIntoView({ block: 'nearest' });
      e.preventDefault();
    });
  }

  var pane = document.getElementById('transcript');
  var composer = document.getElementById('composer');
  if (pane && document.getElementById('conversation')) {
    // The pane scrolls by itself on a wide screen; on a phone the page does.
    var own = function () {
      return pane.scrollHeight > pane.clientHeight + 1 && getComputedStyle(pane).overflowY !== 'visible';
    };
    var nearEnd = function () {
      if (own()) return pane.scrollHeight - pane.scrollTop - pane.clientHeight < 120;
      var r = pane.getBoundingClientRect();
      return r.bottom - window.innerHeight < 160;
    };
    var toEnd = function () {
      if (own()) {
        pane.scrollTop = pane.scrollHeight;
        return;
      }
      var last = pane.querySelector('#now') || pane.lastElementChild;
      if (last) last.scrollIntoView({ block: 'end' });
      if (composer) window.scrollBy(0, composer.getBoundingClientRect().height);
    };
    // On a wide screen the conversation is a pane as tall as what is left of the window under the
    // page's head: the head stays in view and the pane scrolls by itself.
    var convo = document.getElementById('conversation');
    var fit = function () {
      if (getComputedStyle(convo).position !== 'sticky') {
        convo.style.height = '';
        return;
      }
      window.scrollTo(0, 0);
      convo.style.height = Math.max(320, window.innerHeight - convo.getBoundingClientRect().top - 8) + 'px';
    };
    var errorShown = flash && flash.className.indexOf('error') >= 0;
    // The browser scrolls to #now itself, possibly after this runs: settle again once it has.
    var settle = function () {
      fit();
      if (!errorShown) toEnd();
    };
    settle();
    window.addEventListener('load', function () {
      settle();
      setTimeout(settle, 60);
    });
    window.addEventListener('resize', fit);
    var wasNear = true;
    pane.addEventListener('live:before', function () {
      wasNear = nearEnd();
    });
    pane.addEventListener('live:after', function () {
      if (wasNear) toEnd();
    });
  }
})();
