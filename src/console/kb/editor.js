// Netreach console, the knowledge-base editor: the preview follows what is typed (the server renders
// it with the bot's own renderer and sends the fragment), and the draft saves itself a moment after
// the typing stops, and when the tab is hidden. Without this file the same form has a "Preview"
// and a "Save the draft" button that do both by posting the page.
(function () {
  'use strict';
  var form = document.getElementById('kb-form');
  if (!form || !window.fetch || !window.URLSearchParams || !window.FormData) return;
  var status = document.getElementById('kb-saved');
  var previewUrl = form.getAttribute('data-preview');
  var address = form.getAttribute('action').split('#')[0];
  var PREVIEW_MS = 400;
  var SAVE_MS = 1500;
  var previewTimer = null;
  var saveTimer = null;
  var previewSeq = 0;
  var saving = false;
  var dirty = false;
  var stopped = false;
  var submitting = false;

  function fields(intent) {
    var data = new URLSearchParams(new FormData(form));
    data.delete('intent');
    data.set('intent', intent);
    return data;
  }

  function say(text, bad) {
    if (!status || !text) return;
    if (status.textContent !== text) status.textContent = text;
    status.className = bad ? 'saved bad' : 'saved';
  }

  function refreshPreview() {
    var seq = ++previewSeq;
    fetch(previewUrl, { method: 'POST', body: fields('preview'), credentials: 'same-origin', redirect: 'manual' })
      .then(function (res) {
        if (!res.ok) throw new Error('preview ' + res.status);
        return res.text();
      })
      .then(function (html) {
        if (seq !== previewSeq) return; // an older answer arriving late
        var old = document.getElementById('preview');
        var template = document.createElement('template');
        template.innerHTML = html;
        var fresh = template.content.querySelector('#preview');
        if (old && fresh) old.replaceWith(fresh);
      })
      .catch(function () {
        /* the "Preview" button still works */
      });
  }

  /** After the first save of a new article or version, the page is the draft's: a reload comes back to it. */
  function moveTo(action) {
    if (!action || action === address) return;
    address = action;
    form.setAttribute('action', action + '#kb-form');
    var buttons = form.querySelectorAll('button[formaction]');
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute('formaction', action + '#preview');
    if (window.history && history.replaceState) history.replaceState(null, '', action);
    // A new article's id, language and kind are the draft's now.
    var slug = document.getElementById('kb-slug');
    if (slug) slug.readOnly = true;
    ['kb-locale', 'kb-kind'].forEach(function (id) {
      var select = document.getElementById(id);
      if (!select || select.disabled) return;
      var kept = document.createElement('input');
      kept.type = 'hidden';
      kept.name = select.name;
      kept.value = select.value;
      form.appendChild(kept);
      select.disabled = true;
    });
  }

  function autosave(keepalive) {
    saveTimer = null;
    if (stopped || submitting || !dirty) return;
    if (saving) {
      saveTimer = setTimeout(autosave, SAVE_MS);
      return;
    }
    saving = true;
    dirty = false;
    fetch(address, { method: 'POST', body: fields('autosave'), credentials: 'same-origin', redirect: 'manual', keepalive: Boolean(keepalive), headers: { accept: 'application/json' } })
      .then(function (res) {
        if (res.type === 'opaqueredirect' || res.status === 0) throw new Error(form.getAttribute('data-signed-out'));
        return res.json();
      })
      .then(function (answer) {
        saving = false;
        if (answer.ok) {
          form.elements.draftHash.value = answer.hash;
          moveTo(answer.action);
          say(answer.message, false);
        } else {
          dirty = true;
          say(answer.message, true);
          if (answer.conflict) stopped = true;
        }
        if (dirty && !stopped && !saveTimer) saveTimer = setTimeout(autosave, SAVE_MS * 4);
      })
      .catch(function (err) {
        saving = false;
        dirty = true;
        say((err && err.message) || form.getAttribute('data-offline'), true);
        if (!saveTimer) saveTimer = setTimeout(autosave, SAVE_MS * 8);
      });
  }

  function changed(e) {
    var name = e.target && e.target.name;
    if (!name || name === '_csrf') return;
    dirty = true;
    if (name !== 'needs' && name !== 'keywords') {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(refreshPreview, PREVIEW_MS);
    }
    clearTimeout(saveTimer);
    saveTimer = setTimeout(autosave, SAVE_MS);
  }

  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('submit', function () {
    submitting = true;
    clearTimeout(saveTimer);
  });
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden' && dirty) {
      clearTimeout(saveTimer);
      autosave(true);
    }
  });
  // Back to a page kept in the browser's memory: the form is live again.
  window.addEventListener('pageshow', function () {
    submitting = false;
  });
})();
