// Newsroom enhancements; every page works without this file.
// 1. Live Markdown preview: the server renders and sanitizes, we only display it.
// 2. The schedule form sends the browser's time-zone offset with its local time.
// 3-6. Size check before saving, unsaved work kept, the media picker and drag-and-drop
//      of the lead image, confirmation of destructive actions, local times, and the
//      full preview at phone width.
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
  // 3. A story too large to save is stopped here, before the work leaves the page.
  if (form && form.dataset.maxBytes) {
    var max = Number(form.dataset.maxBytes);
    var warning = document.getElementById("too-large");
    form.addEventListener("submit", function (event) {
      var size = new Blob([body ? body.value : ""]).size;
      if (max > 0 && size > max) {
        event.preventDefault();
        if (warning) { warning.hidden = false; warning.scrollIntoView(); }
      } else if (warning) {
        warning.hidden = true;
      }
    });
  }
  // 3b. Unsaved work survives a closed tab or a crash: every change is kept in this
  // browser (per story and version) until the form is saved, and leaving the page with
  // unsaved changes asks first.
  if (form && form.dataset.draftKey && window.localStorage) {
    var key = form.dataset.draftKey;
    var fields = Array.from(form.elements).filter(function (el) {
      return el.name && el.name !== "csrf" && el.name !== "version" &&
        (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type !== "checkbox" && el.type !== "hidden"));
    });
    var snapshot = function () {
      var data = {};
      fields.forEach(function (el) { data[el.name] = el.value; });
      return data;
    };
    var original = JSON.stringify(snapshot());
    var dirty = false;
    var saved = null;
    try { saved = localStorage.getItem(key); } catch (e) { saved = null; }
    var offer = document.getElementById("restore-draft");
    if (saved && saved !== original && offer) {
      offer.hidden = false;
      document.getElementById("restore-yes").addEventListener("click", function () {
        var data = JSON.parse(saved);
        fields.forEach(function (el) { if (el.name in data) { el.value = data[el.name]; } });
        dirty = true;
        offer.hidden = true;
        if (body) { body.dispatchEvent(new Event("input")); }
      });
      document.getElementById("restore-no").addEventListener("click", function () {
        try { localStorage.removeItem(key); } catch (e) { /* storage refused */ }
        offer.hidden = true;
      });
    }
    form.addEventListener("input", function () {
      dirty = JSON.stringify(snapshot()) !== original;
      try {
        if (dirty) { localStorage.setItem(key, JSON.stringify(snapshot())); } else { localStorage.removeItem(key); }
      } catch (e) { /* storage full or refused: the warning below still protects */ }
    });
    form.addEventListener("submit", function (event) {
      // "Preview in a new tab" submits the form elsewhere: the work is still unsaved.
      var previewing = event.submitter && event.submitter.hasAttribute("formaction");
      if (!event.defaultPrevented && !previewing) {
        dirty = false;
        try { localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });
  }
  // 3c. The media picker: a lead image with its thumbnail, or an image into the body
  // at the cursor.
  var lead = document.getElementById("lead_image");
  var thumb = document.getElementById("lead-thumb");
  var showThumb = function () {
    if (!thumb || !lead) { return; }
    thumb.hidden = lead.value === "";
    if (lead.value !== "") { thumb.src = lead.value; }
  };
  if (lead) { lead.addEventListener("change", showThumb); }
  document.querySelectorAll("button[data-use-lead]").forEach(function (button) {
    button.addEventListener("click", function () {
      lead.value = button.dataset.useLead;
      var alt = document.getElementById("image_alt");
      if (alt && alt.value === "") { alt.value = button.dataset.alt || ""; }
      showThumb();
      form.dispatchEvent(new Event("input"));
    });
  });
  document.querySelectorAll("button[data-insert]").forEach(function (button) {
    button.addEventListener("click", function () {
      if (!body) { return; }
      var at = body.selectionStart || body.value.length;
      var text = "\n\n" + button.dataset.insert + "\n\n";
      body.value = body.value.slice(0, at) + text + body.value.slice(at);
      body.dispatchEvent(new Event("input", { bubbles: true }));
    });
  });
  // 3c'. An image dropped on the lead-image box is uploaded to the media library (with
  // the form's token) and becomes the lead image; the box says how it went.
  var drop = document.getElementById("lead-drop");
  if (drop && lead && form && window.fetch && window.FormData) {
    var status = document.getElementById("lead-drop-status");
    var say = function (text) { if (status) { status.textContent = text; } };
    drop.querySelector(".nr-drop-hint").hidden = false;
    ["dragenter", "dragover"].forEach(function (type) {
      drop.addEventListener(type, function (event) {
        event.preventDefault();
        drop.classList.add("is-dropping");
      });
    });
    drop.addEventListener("dragleave", function () { drop.classList.remove("is-dropping"); });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      drop.classList.remove("is-dropping");
      var file = event.dataTransfer && event.dataTransfer.files[0];
      if (!file) { return; }
      var data = new FormData();
      data.append("csrf", form.elements.csrf.value);
      var alt = document.getElementById("image_alt");
      data.append("alt", alt ? alt.value : "");
      data.append("file", file, file.name);
      say(drop.dataset.uploading);
      fetch("/newsroom/media", {
        method: "POST", body: data, credentials: "same-origin",
        headers: { Accept: "application/json" }
      }).then(function (r) {
        if (!r.ok) { throw new Error(String(r.status)); }
        return r.json();
      }).then(function (image) {
        lead.value = image.url;
        showThumb();
        form.dispatchEvent(new Event("input"));
        say(drop.dataset.done);
      }).catch(function () { say(drop.dataset.failed); });
    });
  }
  // 3d. An upload larger than the limit is stopped before it is sent.
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    input.addEventListener("change", function () {
      var max = Number(input.dataset.maxBytes);
      var tooLarge = Array.from(input.files || []).some(function (f) { return f.size > max; });
      input.setCustomValidity(tooLarge ? input.dataset.tooLarge : "");
      input.reportValidity();
    });
  });
  // 4. Actions that take a story off the site ask first.
  document.querySelectorAll("button[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.dataset.confirm)) { event.preventDefault(); }
    });
  });
  // 5. Times are shown in the reader's own time zone (the page says UTC without script).
  var lang = document.documentElement.lang || undefined;
  document.querySelectorAll("time[data-local]").forEach(function (el) {
    var when = new Date(el.getAttribute("datetime"));
    if (!isNaN(when.getTime())) {
      el.textContent = when.toLocaleString(lang, { dateStyle: "long", timeStyle: "short" });
    }
  });
  // 6. The full preview can be seen at phone width.
  var frame = document.getElementById("preview-frame");
  document.querySelectorAll(".nr-preview-widths").forEach(function (group) {
    group.hidden = false;
    group.querySelectorAll("button[data-preview-width]").forEach(function (button) {
      button.addEventListener("click", function () {
        var phone = button.dataset.previewWidth === "phone";
        if (frame) { frame.classList.toggle("is-phone", phone); }
        group.querySelectorAll("button").forEach(function (b) {
          b.setAttribute("aria-pressed", String(b === button));
        });
      });
    });
  });
  document.querySelectorAll("[data-tz-offset]").forEach(function (input) {
    input.value = String(new Date().getTimezoneOffset());
  });
  document.querySelectorAll("input.nr-copy").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
})();
