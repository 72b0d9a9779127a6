// NeuronEngine console: the one script. It keeps the live numbers of a page current; everything else is plain HTML
// forms and links, which work without it. An element with data-live-url names a JSON endpoint under /console/api/
// (same session, same role checks as the page); the answer updates the elements that carry these attributes:
//   data-live-total                 the tenant's events
//   data-count-type="<type>"        events of one type
//   data-signal-count="<tpl>|<type>"  one signal's events; data-signal-state: "threshold met" / "needs N more"
//   data-ready="<tpl>" (+ data-published): whether a run of the template can start; data-ready-total: its total
// An answer for another tenant than the page's (data-tenant: switched in another tab) is ignored.
// The words match the server's (SignalState.razor, TrainingState.razor). Polling pauses while the tab is hidden and
// stops for good when the session has ended (the next click then goes to the sign-in page).
(function () {
  "use strict";
  var PERIOD_MS = 5000;
  var tenantHolder = document.querySelector("[data-tenant]");
  var pageTenant = tenantHolder ? tenantHolder.getAttribute("data-tenant") : null;
  var format = function (n) { return Number(n).toLocaleString("en-US"); };

  function each(selector, fn) { Array.prototype.forEach.call(document.querySelectorAll(selector), fn); }

  function setState(el, ok, text) {
    el.textContent = text;
    el.classList.toggle("state-ok", ok);
    el.classList.toggle("state-no", !ok);
  }

  function applyCounts(data) {
    each("[data-live-total]", function (el) { el.textContent = format(data.total); });
    each("[data-count-type]", function (el) { el.textContent = format(data.types[el.getAttribute("data-count-type")] || 0); });
    (data.templates || []).forEach(function (t) {
      t.signals.forEach(function (s) {
        var key = t.id + "|" + s.type;
        each('[data-signal-count="' + CSS.escape(key) + '"]', function (el) { el.textContent = format(s.count); });
        each('[data-signal-state="' + CSS.escape(key) + '"]', function (el) {
          setState(el, s.passes, s.passes ? "threshold met" : "needs " + format(s.threshold - s.count) + " more");
        });
      });
      each('[data-ready-total="' + CSS.escape(t.id) + '"]', function (el) { el.textContent = format(t.total); });
      each('[data-ready="' + CSS.escape(t.id) + '"]', function (el) {
        var published = el.getAttribute("data-published") === "true";
        setState(el, published && t.ready, !published ? "Draft: publish to train" : t.ready ? "Ready to train" : "Not enough events yet");
      });
      each('[data-ready-why="' + CSS.escape(t.id) + '"]', function (el) {
        el.textContent = t.why || "";
        el.hidden = !t.why;
      });
    });
  }

  function poll(url) {
    var stopped = false;
    function tick() {
      if (stopped || document.hidden) { return; }
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" }, cache: "no-store" })
        .then(function (response) {
          if (response.status === 401 || response.status === 403) { stopped = true; return null; }
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          // The tenant was switched in another tab: this page's numbers are not that tenant's, so leave them.
          if (data && (pageTenant === null || data.tenant === pageTenant)) { applyCounts(data); }
        })
        .catch(function () { /* the engine is away for a moment: try again next period */ });
    }
    setInterval(tick, PERIOD_MS);
    document.addEventListener("visibilitychange", tick);
  }

  function start() {
    var urls = {};
    each("[data-live-url]", function (el) { urls[el.getAttribute("data-live-url")] = true; });
    Object.keys(urls).forEach(function (url) {
      if (url.indexOf("/console/api/") === 0) { poll(url); }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();

// Datasets and keys. The Copy button beside a new key's secret (hidden without this script: the secret is in a
// read-only field to select by hand). A form with data-upload (the dataset upload) is sent by XMLHttpRequest with
// Accept: application/json, so its progress shows in the form's <progress data-upload-progress> and the text
// data-upload-percent ("42 %"); the answer is {next} (the page to show) or {error, input} (the engine's message, placed
// at the input it names, else in the form's data-upload-summary). Without this script the form posts as it is and the
// server answers with a redirect.
(function () {
  "use strict";

  function each(selector, fn) { Array.prototype.forEach.call(document.querySelectorAll(selector), fn); }

  function copyButtons() {
    each("button[data-copy]", function (button) {
      var id = button.getAttribute("data-copy");
      var field = document.getElementById(id);
      var said = document.querySelector('[data-copied="' + CSS.escape(id) + '"]');
      if (!field) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var done = function () { if (said) { said.textContent = "Copied"; } };
        var byHand = function () {
          field.focus();
          field.select();
          if (document.execCommand && document.execCommand("copy")) { done(); } else if (said) { said.textContent = "Selected: copy it with Ctrl+C"; }
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(field.value).then(done, byHand);
        } else {
          byHand();
        }
      });
    });
  }

  function clearErrors(form) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-js-error]"), function (el) { el.remove(); });
    Array.prototype.forEach.call(form.querySelectorAll(".field-error"), function (el) { el.textContent = ""; el.hidden = true; });
    Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid="true"]'), function (el) { el.setAttribute("aria-invalid", "false"); });
    var summary = form.querySelector("[data-upload-summary]");
    if (summary) { summary.hidden = true; summary.textContent = ""; }
  }

  function showError(form, message, inputId) {
    var input = inputId ? document.getElementById(inputId) : null;
    if (input && form.contains(input)) {
      var id = inputId + "-error";
      var el = document.getElementById(id);
      if (!el) {
        el = document.createElement("p");
        el.id = id;
        el.className = "field-error";
        el.setAttribute("data-js-error", "");
        input.closest(".field").appendChild(el);
      }
      el.hidden = false;
      el.textContent = message;
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return;
    }
    var summary = form.querySelector("[data-upload-summary]");
    if (summary) {
      summary.textContent = message;
      summary.hidden = false;
    }
  }

  function uploads() {
    each("form[data-upload]", function (form) {
      var box = form.querySelector("[data-upload-box]");
      var bar = form.querySelector("[data-upload-progress]");
      var percent = form.querySelector("[data-upload-percent]");
      var stage = form.querySelector("[data-upload-stage]");
      var button = form.querySelector("button[type=submit]");
      if (!box || !bar || !percent) { return; }

      function show(loaded, total) {
        var p = total > 0 ? Math.min(100, Math.floor(loaded * 100 / total)) : 0;
        bar.value = p;
        percent.textContent = p + " %";
      }

      form.addEventListener("submit", function (event) {
        event.preventDefault();
        clearErrors(form);
        var xhr = new XMLHttpRequest();
        xhr.open("POST", form.getAttribute("action"));
        xhr.setRequestHeader("Accept", "application/json");
        xhr.upload.addEventListener("progress", function (e) { if (e.lengthComputable) { show(e.loaded, e.total); } });
        xhr.upload.addEventListener("load", function () {
          show(1, 1);
          if (stage) { stage.textContent = "Sent: the engine is checking every line…"; }
        });
        xhr.addEventListener("load", function () {
          if (xhr.responseURL && xhr.responseURL.indexOf("/console/signin") !== -1) { window.location.assign(xhr.responseURL); return; }
          var answer = null;
          try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = null; }
          if (xhr.status >= 200 && xhr.status < 300 && answer && answer.next) { window.location.assign(answer.next); return; }
          button.disabled = false;
          if (stage) { stage.textContent = "Refused"; }
          showError(form, (answer && answer.error) || ("The upload failed (HTTP " + xhr.status + ")."), answer && answer.input);
        });
        xhr.addEventListener("error", function () {
          button.disabled = false;
          if (stage) { stage.textContent = "Interrupted"; }
          showError(form, "The upload was interrupted: the engine could not be reached, or it closed the connection.", null);
        });
        box.hidden = false;
        show(0, 1);
        if (stage) { stage.textContent = "Uploading…"; }
        button.disabled = true;
        xhr.send(new FormData(form));
      });
    });
  }

  function start() { copyButtons(); uploads(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
// End of datasets and keys
