// Netreach console: a quick reply goes into the reply box at the cursor, with nothing sent, so the
// worker edits it first. Without this file the same buttons post the form back with the box filled.
(function () {
  'use strict';
  var box = document.getElementById('reply-text');
  if (!box) return;
  var buttons = document.querySelectorAll('button[data-quick-text]');
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener('click', function (e) {
      e.preventDefault();
      var text = this.getAttribute('data-quick-text') || '';
      var start = typeof box.selectionStart === 'number' ? box.selectionStart : box.value.length;
      var end = typeof box.selectionEnd === 'number' ? box.selectionEnd : start;
      box.value = box.value.slice(0, start) + text + box.value.slice(end);
      box.focus();
      var caret = start + text.length;
      box.setSelectionRange(caret, caret);
    });
  }
})();
