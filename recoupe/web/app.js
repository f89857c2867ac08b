// recoupe web UI: the only script.
// 1. On a reuse page, clicking a shared passage highlights the same passage in the other
//    article and scrolls it into view.
// 2. "New since your last visit": the stories list carries data-latest, the newest change
//    time it shows; stories and articles carry data-changed. localStorage keeps
//    recoupe.seen (the newest change the reader was shown) and recoupe.since (what the
//    current visit compares with: recoupe.seen as it was when the visit began). A visit
//    begins after 30 minutes without a page view. Times are the server's (UTC ISO strings,
//    compared as strings), never this machine's clock.
"use strict";
document.addEventListener("click", function (ev) {
  var el = ev.target instanceof Element ? ev.target.closest(".shared[data-p]") : null;
  if (!el) { return; }
  var p = el.getAttribute("data-p");
  document.querySelectorAll(".shared.active").forEach(function (x) { x.classList.remove("active"); });
  var side = el.closest(".side");
  document.querySelectorAll('.shared[data-p="' + CSS.escape(p) + '"]').forEach(function (x) {
    x.classList.add("active");
    if (x.closest(".side") !== side) { x.scrollIntoView({block: "center"}); }
  });
});

(function () {
  var VISIT_GAP_MS = 30 * 60 * 1000;
  var store;
  try {
    store = window.localStorage;
    store.getItem("recoupe.seen");
  } catch (e) {
    return; // storage disabled: no badges (?changed_since= still works)
  }
  var now = Date.now();
  var active = Number(store.getItem("recoupe.active") || 0);
  var since = store.getItem("recoupe.since") || "";
  if (!active || now - active > VISIT_GAP_MS) {
    since = store.getItem("recoupe.seen") || "";
    store.setItem("recoupe.since", since);
  }
  store.setItem("recoupe.active", String(now));
  var list = document.querySelector("[data-latest]");
  var latest = list ? list.getAttribute("data-latest") : "";
  var seen = store.getItem("recoupe.seen") || "";
  if (latest && latest > seen) {
    store.setItem("recoupe.seen", latest);
  }
  // first visit, or the page was asked for a given time: the server marked what is new
  if (!since || new URLSearchParams(window.location.search).has("changed_since")) { return; }
  var stories = 0;
  document.querySelectorAll("[data-changed]").forEach(function (el) {
    var changed = el.getAttribute("data-changed");
    if (changed && changed > since) {
      el.classList.add("is-new");
      var badge = el.querySelector(".badge.fresh");
      if (badge) { badge.hidden = false; }
      if (el.matches("tr.story")) { stories += 1; }
    }
  });
  var note = document.getElementById("new-since-visit");
  if (note && stories) {
    note.querySelector(".n").textContent = String(stories);
    note.querySelector("a.only-new").setAttribute("href", "/?changed_since=" + encodeURIComponent(since));
    note.hidden = false;
  }
  document.addEventListener("click", function (ev) {
    if (!(ev.target instanceof Element) || !ev.target.closest("button.mark-seen")) { return; }
    store.setItem("recoupe.since", store.getItem("recoupe.seen") || "");
    document.querySelectorAll(".is-new").forEach(function (el) { el.classList.remove("is-new"); });
    document.querySelectorAll(".badge.fresh").forEach(function (el) { el.hidden = true; });
    if (note) { note.hidden = true; }
  });
})();
