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


// ---- Training and models ----
// The production banner (data-endpoint-url): asks /console/api/endpoint for the endpoint, then again with the answer's
// token, which the server holds until the endpoint changes (as WatchEndpoint does), so Updating and InService show as
// they happen. The words come from the server (ProductionView); a banner with nothing deployed stays hidden.
// Forms with data-live-form (Promote, Roll back) are sent with fetch and the answer's <main> replaces the page's, so the
// banner keeps following while the promotion runs; without the script they post and redirect as usual.
// A run page (data-run-url) polls its run while it is not finished and redraws the curves (inline SVG), the epochs
// table, the status, the early-stop decision and the log tail.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" }, cache: "no-store" })
      .then(function (response) {
        if (response.status === 401 || response.status === 403 || response.status === 404) { return { stop: true }; }
        return response.ok ? response.json().then(function (data) { return { data: data }; }) : {};
      });
  }

  function banner(section) {
    var url = section.getAttribute("data-endpoint-url");
    var token = section.getAttribute("data-endpoint-token");
    function apply(view) {
      token = view.token;
      section.hidden = !view.shown;
      section.setAttribute("data-status", view.status);
      section.querySelector("[data-endpoint-serving]").textContent = view.serving;
      var status = section.querySelector("[data-endpoint-status]");
      status.textContent = view.status;
      status.setAttribute("data-endpoint-status", view.status);
      section.querySelector("[data-endpoint-detail]").textContent = view.detail;
      var error = section.querySelector("[data-endpoint-error]");
      error.textContent = view.lastError ? "last error: " + view.lastError : "";
      error.hidden = !view.lastError;
    }
    function next(delay) {
      setTimeout(function () {
        // A hidden tab does not hold one of the browser's few connections to the console: it asks again when shown.
        if (document.hidden) {
          document.addEventListener("visibilitychange", function shown() {
            if (document.hidden) { return; }
            document.removeEventListener("visibilitychange", shown);
            next(0);
          });
          return;
        }
        getJson(url + "?since=" + encodeURIComponent(token || ""))
          .then(function (r) {
            if (r.stop) { return; }
            if (r.data) { apply(r.data); next(0); } else { next(3000); }
          })
          .catch(function () { next(3000); });
      }, delay);
    }
    section.setAttribute("data-status", section.querySelector("[data-endpoint-status]").getAttribute("data-endpoint-status"));
    next(0);
  }

  function liveForms(root) {
    Array.prototype.forEach.call(root.querySelectorAll("form[data-live-form]"), function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var buttons = form.querySelectorAll("button");
        // Url-encoded, as the form itself posts: the server checks the form's tenant field on such bodies.
        var body = new URLSearchParams(new FormData(form, event.submitter || undefined));
        Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
        fetch(form.action || location.href, { method: "POST", body: body, credentials: "same-origin" })
          .then(function (response) {
            return response.text().then(function (html) {
              var next = new DOMParser().parseFromString(html, "text/html").querySelector("main");
              var main = document.querySelector("main");
              if (!next || !main) {
                // A refusal in plain text (another origin, another tenant since): say it at the form.
                var said = form.querySelector("[data-live-error]") || document.createElement("p");
                said.setAttribute("data-live-error", "");
                said.setAttribute("role", "alert");
                said.className = "field-error";
                said.textContent = html.length > 0 && html.length < 2000 ? html : "The engine refused (HTTP " + response.status + ").";
                form.appendChild(said);
                Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
                return;
              }
              main.innerHTML = next.innerHTML;
              if (response.redirected) { history.replaceState(null, "", response.url); }
              liveForms(main);
            });
          })
          .catch(function () { form.submit(); });
      });
    });
  }

  function fmt(x) { return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toFixed(3); }

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  // One curve: the series per epoch, and each baseline as a dashed line across.
  function draw(figure, epochs, values, baselines, planned) {
    var W = 320, H = 150, L = 40, R = 8, T = 8, B = 22;
    var all = values.concat(Object.keys(baselines).map(function (k) { return baselines[k]; }));
    var svg = figure.querySelector("svg");
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    svg.setAttribute("data-points", String(values.length));
    if (all.length === 0) { return; }
    var lo = Math.min.apply(null, all), hi = Math.max.apply(null, all);
    if (hi === lo) { hi = lo + (Math.abs(lo) || 1) * 0.1; lo = lo - (Math.abs(lo) || 1) * 0.1; }
    var pad = (hi - lo) * 0.08; lo -= pad; hi += pad;
    var n = Math.max(planned, epochs.length, 2);
    function x(e) { return L + (W - L - R) * (e - 1) / (n - 1); }
    function y(v) { return T + (H - T - B) * (1 - (v - lo) / (hi - lo)); }
    el("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, "class": "axis" }, svg);
    el("line", { x1: L, y1: T, x2: L, y2: H - B, "class": "axis" }, svg);
    [hi - pad, lo + pad].forEach(function (v) { el("text", { x: L - 4, y: y(v) + 3, "text-anchor": "end", "class": "tick" }, svg).textContent = fmt(v); });
    el("text", { x: L, y: H - 6, "class": "tick" }, svg).textContent = "epoch 1";
    el("text", { x: W - R, y: H - 6, "text-anchor": "end", "class": "tick" }, svg).textContent = String(n);
    Object.keys(baselines).forEach(function (name) {
      el("line", { x1: L, x2: W - R, y1: y(baselines[name]), y2: y(baselines[name]), "class": "baseline base-" + name }, svg)
        .appendChild(el("title", {})).textContent = name + " " + fmt(baselines[name]);
    });
    if (values.length > 1) {
      el("polyline", { "class": "series", points: values.map(function (v, i) { return x(epochs[i]) + "," + y(v); }).join(" ") }, svg);
    }
    values.forEach(function (v, i) {
      el("circle", { cx: x(epochs[i]), cy: y(v), r: 3, "class": "point", "data-point": String(epochs[i]) }, svg)
        .appendChild(el("title", {})).textContent = "epoch " + epochs[i] + ": " + v;
    });
    var caption = figure.querySelector("figcaption span");
    if (caption) { caption.textContent = values.length ? "last " + fmt(values[values.length - 1]) : "no epoch yet"; }
  }

  function run(section) {
    var url = section.getAttribute("data-run-url");
    var planned = Number(section.getAttribute("data-run-epochs")) || 1;
    function set(selector, text) { Array.prototype.forEach.call(document.querySelectorAll(selector), function (n) { n.textContent = text; }); }
    function apply(r) {
      set("[data-run-status]", r.status);
      set("[data-run-progress]", r.progress);
      set("[data-run-duration]", r.duration);
      set("[data-run-best]", r.bestMetric);
      set("[data-run-early-stop]", r.earlyStop);
      var epochs = r.epochs.map(function (e) { return e.epoch; });
      Array.prototype.forEach.call(document.querySelectorAll("figure[data-chart]"), function (figure) {
        var metric = figure.getAttribute("data-chart");
        var values = r.epochs.map(function (e) { return metric === "loss" ? e.loss : e.metrics[metric]; });
        draw(figure, epochs, values, metric === "loss" ? {} : (r.baselines[metric] || {}), planned);
      });
      var body = document.querySelector("[data-run-epochs-body]");
      if (body) {
        var metrics = JSON.parse(body.getAttribute("data-metrics"));
        body.innerHTML = "";
        r.epochs.forEach(function (e) {
          var tr = document.createElement("tr");
          [String(e.epoch), e.loss.toFixed(4)].concat(metrics.map(function (m) { return e.metrics[m] === undefined ? "—" : e.metrics[m].toFixed(4); }))
            .forEach(function (text, i) { var td = document.createElement(i === 0 ? "th" : "td"); if (i === 0) { td.scope = "row"; } td.className = "num"; td.textContent = text; tr.appendChild(td); });
          body.appendChild(tr);
        });
      }
      var log = document.querySelector("[data-run-log]");
      if (log && r.logs) {
        var atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
        log.textContent = r.logs.length ? r.logs.join("\n") : "No log lines yet.";
        if (atEnd) { log.scrollTop = log.scrollHeight; }
      }
      var error = document.querySelector("[data-run-error]");
      if (error) { error.textContent = r.error || ""; error.hidden = !r.error; }
      if (r.finished) {
        // The run ended: Stop goes, Approve may appear. One reload shows the page as it now is.
        if (section.getAttribute("data-run-finished") !== "true") { location.reload(); }
        return false;
      }
      return true;
    }
    function tick() {
      getJson(url).then(function (r) {
        if (r.stop) { return; }
        if (!r.data || apply(r.data)) { setTimeout(tick, 1000); }
      }).catch(function () { setTimeout(tick, 3000); });
    }
    tick();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-endpoint-url]"), banner);
    Array.prototype.forEach.call(document.querySelectorAll("[data-run-url]"), run);
    liveForms(document);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
// ---- end of training and models ----
