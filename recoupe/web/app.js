// recoupe web UI: the only script. On a reuse page, clicking a shared passage highlights
// the same passage in the other article and scrolls it into view.
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
