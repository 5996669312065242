/*
 * Folds a <details data-fold-on-phone="(media query)"> away while the query
 * matches (a phone), so that what follows it (the results) is on the first
 * screen, and opens it on a wider screen, where it sits beside them. The
 * <details> is open in the HTML: without this file everything shows. A static
 * file, so the Content-Security-Policy needs no inline script.
 */
(function () {
  "use strict";

  function enhance(details) {
    var query = window.matchMedia(details.getAttribute("data-fold-on-phone"));
    function follow() {
      details.open = !query.matches;
    }
    follow();
    query.addEventListener("change", follow);
  }

  function start() {
    var folds = document.querySelectorAll("details[data-fold-on-phone]");
    for (var i = 0; i < folds.length; i++) {
      enhance(folds[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
