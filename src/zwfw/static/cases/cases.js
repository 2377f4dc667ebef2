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

  // A file name longer than the server accepts in one part header (Django: 1 KiB, i.e. ~300
  // Chinese characters in UTF-8) would make the whole form unreadable (400, form and session lost):
  // refuse it on the field, before the form is sent.
  var MAX_NAME_BYTES = 600;
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file]")) return;
    var tooLong = Array.prototype.some.call(input.files || [], function (f) {
      return new TextEncoder().encode(f.name).length > MAX_NAME_BYTES;
    });
    var box = input.parentNode.querySelector(".file-name-error");
    if (!box) {
      box = document.createElement("span");
      box.className = "field-error file-name-error";
      box.setAttribute("role", "alert");
      input.insertAdjacentElement("afterend", box);
    }
    var message = tooLong ? "文件名过长，请将文件改名（200个字以内）后重新选择" : "";
    input.setCustomValidity(message);
    box.textContent = message;
    input.setAttribute("aria-invalid", tooLong ? "true" : "false");
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
