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
  var source = new EventSource(streamUrl);
  source.addEventListener('comment', function (e) {
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
  });
})();
