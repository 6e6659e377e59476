// Quick exit (GOV.UK "Exit this page" pattern) for the help page.
// The button, or Shift pressed three times within a second, first blanks the page with a
// white overlay and then replaces the page in the history with a neutral site, so that Back
// does not return to it. The button is a plain link to the same site, so it works without
// this script too. Loaded in <head>: listeners sit on the document, no element is needed yet.
(function () {
  "use strict";

  var ACTIVE = "quick-exit-active";
  var PRESSES = 3;
  var WITHIN_MS = 1000;
  var presses = [];

  function exitUrl() {
    var button = document.querySelector("[data-quick-exit]");
    return (button && (button.getAttribute("data-exit-url") || button.href)) || "about:blank";
  }

  function quickExit() {
    // Blank first: the overlay is painted while the neutral site loads (and stays if it
    // never does). Pressing again simply asks for the site again.
    document.documentElement.classList.add(ACTIVE);
    window.location.replace(exitUrl());
  }

  function onButton(event) {
    var target = event.target;
    if (!target || !target.closest || !target.closest("[data-quick-exit]")) return;
    // Also for a middle or Ctrl click, which would otherwise open the site in a new tab and
    // leave this page on the screen.
    event.preventDefault();
    quickExit();
  }

  document.addEventListener("click", onButton, true);
  document.addEventListener("auxclick", onButton, true);

  window.addEventListener(
    "keydown",
    function (event) {
      if (event.key !== "Shift") {
        presses = []; // Shift used to type a capital letter does not count
        return;
      }
      if (event.repeat) return;
      var now = Date.now();
      presses = presses.filter(function (at) {
        return now - at < WITHIN_MS;
      });
      presses.push(now);
      if (presses.length >= PRESSES) {
        presses = [];
        quickExit();
      }
    },
    true
  );

  // Should the browser ever restore the page from its back-forward cache, show it again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) document.documentElement.classList.remove(ACTIVE);
  });
})();
