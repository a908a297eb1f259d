// The moderation desk, enhanced: j/k move between comments, a/r/x/f act on the focused
// one, and the waiting count refreshes itself. Everything works without this file.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll(".mod-item"));
  var current = -1;
  function focusItem(i) {
    if (!items.length) return;
    current = Math.max(0, Math.min(items.length - 1, i));
    items[current].focus();
    items[current].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (ev) {
    var tag = (ev.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "j") { focusItem(current + 1); ev.preventDefault(); return; }
    if (ev.key === "k") { focusItem(current - 1); ev.preventDefault(); return; }
    if (current < 0) return;
    var button = items[current].querySelector('button[data-key="' + ev.key + '"]');
    if (button) { button.click(); ev.preventDefault(); }
  });
  var badge = document.querySelector("[data-mod-count]");
  if (badge && window.fetch) {
    setInterval(function () {
      fetch("/newsroom/moderation/counts", { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (c) {
          if (!c) return;
          badge.textContent = badge.textContent.replace(/\d+/, String(c.pending)).replace(/(\D+)\d+(\D*)$/, "$1" + c.reported + "$2");
        })
        .catch(function () {});
    }, 15000);
  }
})();
