/* Case pages: progressive enhancement only (every form posts without it).
 * - 公民身份号码 / 统一社会信用代码 fields ([data-identifier]) are checked as they are typed, through
 *   GET /api/v1/identifiers/validate (public), and the message is shown under the field.
 * - The delivery form shows the post-only fields for 邮寄送达 only. */
(function () {
  "use strict";
  var timers = new WeakMap();

  function check(input) {
    var box = input.parentElement.querySelector("[data-identifier-message]");
    var value = input.value.trim();
    if (!box) return;
    if (value.length < 18) {
      box.textContent = value ? "应为18位" : "";
      box.className = "identifier-message";
      return;
    }
    var url = "/api/v1/identifiers/validate?kind=" + encodeURIComponent(input.dataset.identifier) +
      "&value=" + encodeURIComponent(value);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (body) {
        box.textContent = body.valid ? "✓ 校验通过" : (body.message || "号码有误");
        box.className = "identifier-message " + (body.valid ? "is-valid" : "is-invalid");
        input.setAttribute("aria-invalid", body.valid ? "false" : "true");
      })
      .catch(function () { box.textContent = ""; });
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-identifier]")) return;
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(function () { check(input); }, 300));
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-identifier]").forEach(function (input) { if (input.value) check(input); });
    document.querySelectorAll("[data-deliver-form]").forEach(function (form) {
      var method = form.querySelector("select[name='method']");
      function sync() {
        form.querySelectorAll("[data-post-only]").forEach(function (el) { el.hidden = method.value !== "post"; });
      }
      if (method) { method.addEventListener("change", sync); sync(); }
    });
  });
})();
