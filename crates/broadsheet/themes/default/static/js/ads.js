// Lazy ad slots. A slot asks Broadsheet for its creative only when it comes within
// `data-ad-margin` of the viewport; once at least half of the creative has been on
// screen for a second, one viewable impression is reported. The slot's box is sized by
// CSS beforehand, so filling it never moves the page. Without this script the
// placeholder (or a server-side fallback) stays.
(function () {
  "use strict";
  var slots = document.querySelectorAll("[data-ad-slot]");
  if (!slots.length || !("IntersectionObserver" in window) || !window.fetch) {
    return;
  }

  function creativeUrl(slot) {
    var params = new URLSearchParams();
    if (slot.dataset.adSection) params.set("section", slot.dataset.adSection);
    if (slot.dataset.adArticle && slot.dataset.adArticle !== "0") params.set("article", slot.dataset.adArticle);
    var q = params.toString();
    return "/ads/slot/" + encodeURIComponent(slot.dataset.adSlot) + "/creative" + (q ? "?" + q : "");
  }

  function reportView(ad) {
    var body = new URLSearchParams({ campaign: String(ad.campaign), slot: String(ad.slot) });
    if (navigator.sendBeacon && navigator.sendBeacon("/ads/view", body)) return;
    fetch("/ads/view", { method: "POST", body: body, keepalive: true, credentials: "same-origin" });
  }

  // Half visible for a full second, measured on the creative's box.
  var timers = new WeakMap();
  var served = new WeakMap();
  var viewer = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      var box = e.target;
      if (e.isIntersecting && e.intersectionRatio >= 0.5) {
        if (!timers.has(box)) {
          timers.set(box, setTimeout(function () {
            viewer.unobserve(box);
            reportView(served.get(box));
            box.parentNode.setAttribute("data-ad-viewed", "true");
          }, 1000));
        }
      } else if (timers.has(box)) {
        clearTimeout(timers.get(box));
        timers.delete(box);
      }
    });
  }, { threshold: [0, 0.5, 1] });

  function creative(slot, ad) {
    if (ad.kind === "frame") {
      var frame = document.createElement("iframe");
      frame.setAttribute("sandbox", "allow-scripts allow-popups");
      frame.setAttribute("src", ad.src);
      frame.setAttribute("title", slot.getAttribute("aria-label") || "");
      frame.className = "ad-creative ad-frame";
      return frame;
    }
    var link = document.createElement("a");
    link.href = ad.href;
    link.rel = "sponsored noopener";
    link.className = "ad-creative";
    if (ad.kind === "image") {
      var img = document.createElement("img");
      img.src = ad.src;
      img.alt = ad.alt || "";
      img.width = ad.width;
      img.height = ad.height;
      link.appendChild(img);
    } else {
      // Sanitized on the server with a tight allow-list: formatting only, no script.
      link.innerHTML = ad.html;
    }
    return link;
  }

  function fill(slot, ad) {
    var box = slot.querySelector(".ad-box");
    if (!box) return;
    if (ad.kind === "none") {
      slot.classList.add("ad-slot-empty");
      return;
    }
    box.appendChild(creative(slot, ad));
    slot.classList.add("ad-slot-filled");
    if (ad.campaign) {
      served.set(box, ad);
      viewer.observe(box);
    }
  }

  function load(slot) {
    fetch(creativeUrl(slot), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { kind: "none" }; })
      .then(function (ad) { fill(slot, ad); })
      .catch(function () { /* the placeholder stays */ });
  }

  var margin = slots[0].dataset.adMargin || "200px";
  var loader = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (!e.isIntersecting) return;
      loader.unobserve(e.target);
      load(e.target);
    });
  }, { rootMargin: margin + " 0px" });
  Array.prototype.forEach.call(slots, function (s) { loader.observe(s); });
})();
