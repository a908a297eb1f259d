// Newsroom enhancements; every page works without this file.
// 1. Live Markdown preview: the server renders and sanitizes, we only display it.
// 2. The schedule form sends the browser's time-zone offset with its local time.
(function () {
  "use strict";
  var body = document.getElementById("body");
  var target = document.getElementById("preview-body");
  var form = document.getElementById("editor");
  if (body && target && form) {
    var timer = null;
    var refresh = function () {
      var data = new URLSearchParams();
      data.set("csrf", form.elements.csrf.value);
      data.set("body", body.value);
      fetch("/newsroom/preview", { method: "POST", body: data, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html === null) { return; }
          var doc = new DOMParser().parseFromString(html, "text/html");
          var rendered = doc.getElementById("preview-body");
          target.replaceChildren.apply(target, rendered ? Array.from(rendered.childNodes) : []);
        })
        .catch(function () {});
    };
    body.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 400);
    });
    refresh();
  }
  document.querySelectorAll("[data-tz-offset]").forEach(function (input) {
    input.value = String(new Date().getTimezoneOffset());
  });
  document.querySelectorAll("input.nr-copy").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
})();
