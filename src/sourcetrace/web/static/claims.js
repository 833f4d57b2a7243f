// Fills the claims page's facet counts when the server left them out (a large match):
// fetches the server-rendered, escaped fragment from our own origin and swaps it in.
(function () {
  "use strict";
  var box = document.getElementById("facets");
  if (!box || !box.querySelector(".facet-wait")) { return; }
  fetch(box.getAttribute("data-src"), { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
    .then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      box.replaceChildren.apply(box, Array.prototype.slice.call(doc.body.childNodes));
    })
    .catch(function () { /* the "show counts" link stays */ });
})();
