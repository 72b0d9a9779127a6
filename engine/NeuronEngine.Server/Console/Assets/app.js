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
