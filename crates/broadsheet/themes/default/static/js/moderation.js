// The moderation desk, enhanced: j/k move between comments, a/r/x/f act on the focused
// one, decisions are sent in the background so the row leaves (or changes) in place and
// the selection moves on, and the waiting count refreshes itself. Everything works
// without this file: the forms then post and the page reloads.
(function () {
  "use strict";
  var list = document.querySelector(".mod-list");
  var live = document.getElementById("mod-live");
  var items = [];
  var current = -1;
  function collect() {
    items = Array.prototype.slice.call(document.querySelectorAll(".mod-item"));
  }
  collect();
  function focusItem(i) {
    if (!items.length) { current = -1; return; }
    current = Math.max(0, Math.min(items.length - 1, i));
    items[current].focus({ preventScroll: true });
    items[current].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (ev) {
    var tag = (ev.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "j") { focusItem(current + 1); ev.preventDefault(); return; }
    if (ev.key === "k") { focusItem(current - 1); ev.preventDefault(); return; }
    if (current < 0 || !items[current]) return;
    var button = items[current].querySelector('button[data-key="' + ev.key + '"]');
    if (button && !button.disabled) { button.click(); ev.preventDefault(); }
  });
  // Clicking into a row makes it the selected one, so the keys act where the mouse was.
  document.addEventListener("focusin", function (ev) {
    var row = ev.target.closest && ev.target.closest(".mod-item");
    if (row) current = items.indexOf(row);
  });

  function announce(text, failed) {
    if (!live) return;
    live.classList.toggle("is-error", !!failed);
    live.textContent = text;
  }
  function rowOf(id) { return document.getElementById("c" + id); }
  function setLabel(button, value) {
    button.value = value;
    var label = button.getAttribute("data-label-" + value);
    if (label) button.textContent = label;
  }

  // A decided comment leaves its queue; featuring changes the row in place.
  function applied(result) {
    var toggles = result.action === "feature" || result.action === "unfeature";
    var was = current;
    result.changed.forEach(function (id) {
      var row = rowOf(id);
      if (!row) return;
      if (toggles) {
        var b = row.querySelector('button[data-key="f"]');
        if (b) setLabel(b, result.action === "feature" ? "unfeature" : "feature");
      } else {
        row.parentNode.removeChild(row);
      }
    });
    collect();
    if (!items.length && list) {
      var empty = document.createElement("p");
      empty.className = "mod-empty";
      empty.textContent = list.getAttribute("data-empty");
      list.parentNode.replaceChild(empty, list);
      list = null;
    }
    // The next comment takes the decided one's place; with none selected (a bulk
    // decision from the top) the view stays where it is.
    if (was >= 0) focusItem(toggles ? was : Math.min(was, items.length - 1));
  }
  // A commenter's standing shows on every row of theirs: flip the buttons there.
  function standing(form, result) {
    var sel = 'form.mod-standing[action="' + form.getAttribute("action") + '"]';
    Array.prototype.forEach.call(document.querySelectorAll(sel), function (f) {
      var ban = f.querySelector("button[data-label-ban]");
      var trust = f.querySelector("button[data-label-trust]");
      if (ban) setLabel(ban, result.banned ? "unban" : "ban");
      if (trust) setLabel(trust, result.trusted ? "untrust" : "trust");
    });
  }
  // The error page's explanation when there is one, else the desk's own words.
  function failure(response) {
    var fallback = live ? live.getAttribute("data-failed") : "";
    if (!response) return Promise.resolve(fallback);
    return response.text().then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var p = doc.querySelector(".error-page h1 + p");
      var said = p ? p.textContent.trim() : "";
      return said ? fallback + " " + said : fallback;
    }, function () { return fallback; });
  }

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!window.fetch || !form.matches || !form.matches(".mod-actions, .mod-bulk")) return;
    ev.preventDefault();
    var submitter = ev.submitter;
    var body = new URLSearchParams(new FormData(form));
    if (submitter && submitter.name) body.set(submitter.name, submitter.value);
    body.set("fragment", "1");
    var row = form.closest(".mod-item");
    var buttons = form.querySelectorAll("button");
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
    var old = row && row.querySelector(".mod-row-error");
    if (old) old.parentNode.removeChild(old);
    // Not form.action: the buttons are named "action", which shadows it.
    fetch(form.getAttribute("action"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (r) {
      if (!r.ok) return failure(r).then(function (msg) { var e = new Error(msg); e.desk = true; throw e; });
      return r.json();
    }).then(function (result) {
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
      announce(result.message, false);
      if (form.matches(".mod-standing")) standing(form, result); else applied(result);
      refreshCount();
    }).catch(function (err) {
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
      var finish = function (msg) {
        announce(msg, true);
        if (!row) return;
        var note = document.createElement("p");
        note.className = "form-error mod-row-error";
        note.textContent = msg;
        form.parentNode.insertBefore(note, form);
      };
      if (err && err.desk) finish(err.message); else failure(null).then(finish);
    });
  });

  var badge = document.querySelector("[data-mod-count]");
  function refreshCount() {
    if (!badge || !window.fetch) return;
    fetch("/newsroom/moderation/counts", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (c) {
        if (!c) return;
        badge.textContent = badge.textContent.replace(/\d+/, String(c.pending)).replace(/(\D+)\d+(\D*)$/, "$1" + c.reported + "$2");
      })
      .catch(function () {});
  }
  if (badge) setInterval(refreshCount, 15000);
})();
