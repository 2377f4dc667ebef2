/* zwfw page script: small, framework-free, progressive enhancement only.
 * Every control works without it (forms post and redirect); with it, the 适老化 switch
 * changes the theme in place after htmx posts the choice (the server answers with the
 * HX-Trigger event "zwfw:largeFont" and sets the cookie). */
(function () {
  "use strict";

  function applyLargeFont(on) {
    document.documentElement.classList.toggle("large-font", on);
    document.querySelectorAll("[data-large-font-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
    document.querySelectorAll("[data-large-font-value]").forEach(function (input) {
      input.value = on ? "0" : "1";
    });
  }

  document.addEventListener("zwfw:largeFont", function (event) {
    applyLargeFont(Boolean(event.detail && event.detail.on));
  });
})();
