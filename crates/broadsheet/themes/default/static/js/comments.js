// Comments, enhanced: new comments appear live (server-sent events) and "show more"
// loads the next page in place. Without this script every form and link still works.
(function () {
  'use strict';
  var box = document.querySelector('[data-comments]');
  if (!box) { return; }

  function fromHtml(html) {
    var t = document.createElement('template');
    t.innerHTML = html.trim();
    return t.content;
  }

  // Anonymous article pages come from a shared cache, so their comment form has no
  // form token: fetch this browser's own before the form is sent.
  var form = box.querySelector('form.comment-form');
  var tokenField = form ? form.querySelector('input[name=csrf]') : null;
  var tokenReady = null;
  function fetchToken() {
    if (!tokenReady) {
      tokenReady = fetch('/form-token', { credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (data) { tokenField.value = data.token; })
        .catch(function () { tokenReady = null; });
    }
    return tokenReady;
  }
  if (tokenField && !tokenField.value) {
    fetchToken();
    form.addEventListener('submit', function (e) {
      if (tokenField.value) { return; }
      e.preventDefault();
      fetchToken().then(function () { if (tokenField.value) { form.submit(); } });
    });
  }

  box.addEventListener('click', function (e) {
    var link = e.target.closest ? e.target.closest('a[data-more]') : null;
    if (!link) { return; }
    e.preventDefault();
    var url = link.href.split('#')[0] + '&fragment=1';
    fetch(url, { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) { link.closest('.show-more').replaceWith(fromHtml(html)); })
      .catch(function () { window.location.href = link.href; });
  });

  var streamUrl = box.getAttribute('data-stream');
  if (!streamUrl || !window.EventSource) { return; }
  // The server ends each stream after a while; EventSource reconnects by itself and
  // sends Last-Event-ID. A refused stream (too many open) is closed for good, so it is
  // opened again later from the last comment seen.
  var lastId = '';
  function listen() {
    var url = streamUrl + (lastId ? (streamUrl.indexOf('?') < 0 ? '?' : '&') + 'after=' + lastId : '');
    var source = new EventSource(url);
    source.addEventListener('comment', onComment);
    source.addEventListener('error', function () {
      if (source.readyState === EventSource.CLOSED) { setTimeout(listen, 30000); }
    });
  }
  listen();
  function onComment(e) {
    if (e.lastEventId) { lastId = e.lastEventId; }
    var data;
    try { data = JSON.parse(e.data); } catch (err) { return; }
    if (document.getElementById('c-' + data.id)) { return; }
    var node = fromHtml(data.html).firstElementChild;
    if (!node) { return; }
    node.classList.add('comment-new');
    if (data.nest_parent_id) {
      var replies = box.querySelector('[data-replies-for="' + data.nest_parent_id + '"]');
      if (replies) { replies.appendChild(node); }
      return;
    }
    var list = box.querySelector('[data-list]');
    if (!list) { return; }
    if (box.getAttribute('data-sort') === 'newest') {
      list.insertBefore(node, list.firstChild);
    } else if (!box.querySelector('.show-more')) {
      list.appendChild(node);
    }
  }
})();
