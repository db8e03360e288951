// Solves the web chat's proof of work so a person with scripts on need not answer the question.
// Without crypto.subtle it does nothing: the question on the form still works.
(function () {
  'use strict';
  var subtle = window.crypto && window.crypto.subtle;
  if (!subtle || !window.TextEncoder) return;
  var enc = new TextEncoder();
  var BATCH = 256;

  function enough(buf, bits) {
    var b = new Uint8Array(buf), i = 0;
    for (; bits >= 8; bits -= 8) if (b[i++] !== 0) return false;
    return bits === 0 || b[i] >> (8 - bits) === 0;
  }

  function solve(form) {
    var token = form.getAttribute('data-pow');
    var bits = parseInt(form.getAttribute('data-pow-bits'), 10);
    var input = form.querySelector('input[name="pow"]');
    var status = form.querySelector('[data-pow-status]');
    if (!token || !(bits >= 1 && bits <= 32) || !input) return;
    function show(attr) {
      var text = status && status.getAttribute(attr);
      if (text) status.textContent = text;
    }
    var n = 0;
    function batch() {
      var tries = [];
      for (var k = 0; k < BATCH; k++) tries.push(subtle.digest('SHA-256', enc.encode(token + ':' + (n + k))));
      Promise.all(tries).then(function (hashes) {
        for (var k = 0; k < hashes.length; k++) {
          if (enough(hashes[k], bits)) {
            input.value = String(n + k);
            form.setAttribute('data-pow-done', '');
            show('data-done');
            return;
          }
        }
        n += BATCH;
        // A macrotask between batches lets the page paint and take input.
        setTimeout(batch, 0);
      }, function () {});
    }
    show('data-working');
    batch();
  }

  function start() {
    var forms = document.querySelectorAll('form[data-pow]');
    for (var i = 0; i < forms.length; i++) solve(forms[i]);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
