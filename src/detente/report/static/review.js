/* detente dashboard: the review queue (the events extraction was least sure of, and the actors the knowledge base
   does not know, most mentioned first, each with its correction controls) and the alerts panel (the workspace's
   alerts log, newest first, and "Check now", which runs the workspace's watch rules and marks the new alerts).
   Loaded before app.js in the dashboard only; app.js calls window.detenteReview(app, corrections). */
(function () {
  "use strict";
  var QUEUE = 15;  /* events shown in the queue */
  window.detenteReview = function (app, C) {
    var el = app.el, clear = app.clear, $ = app.$;

    function openLink(doc, s0, s1) {
      var link = el("a", "open", "open-link");
      link.href = "#doc=" + encodeURIComponent(doc) + (s0 != null ? "&s=" + s0 + "-" + s1 : "");
      return link;
    }
    /* an alert's document, opened at its sentence when the sentence is found in the text */
    function alertLink(a) {
      var doc = app.data().documents.filter(function (d) { return d.id === a.document; })[0];
      var sentence = (a.sentence || "").trim(), start = doc && sentence ? doc.text.indexOf(sentence) : -1;
      return start >= 0 ? openLink(a.document, start, start + sentence.length) : openLink(a.document);
    }
    function drawEvents() {
      var table = $("rv-events"), events = app.data().events.slice();
      clear(table);
      events.sort(function (a, b) { return (a.confidence - b.confidence) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); });
      var head = el("tr");
      ["confidence", "event", "who", "sentence", "", "correct"].forEach(function (h) { head.appendChild(el("th", h)); });
      table.appendChild(head);
      events.slice(0, QUEUE).forEach(function (e) {
        var row = el("tr");
        row.setAttribute("data-event", e.id);
        row.appendChild(el("td", app.fmt(e.confidence, 2), "num"));
        row.appendChild(el("td", e.type + " “" + e.trigger + "”"));
        row.appendChild(el("td", e.source.join(", ") + " → " + e.target.join(", ")));
        row.appendChild(el("td", e.sentence, "sentence"));
        var cell = el("td");
        if (e.doc) cell.appendChild(openLink(e.doc, e.s0, e.s1));
        row.appendChild(cell);
        C.eventControls(row, e);
        table.appendChild(row);
      });
      $("rv-events-note").textContent = events.length ? "The " + Math.min(QUEUE, events.length) + " of " + events.length +
        " events extraction was least sure of, least sure first." : "No events.";
    }
    function drawActors() {
      var table = $("rv-actors"), actors = app.data().provisional || [];
      clear(table);
      $("rv-actors-note").textContent = actors.length ? actors.length + " actors are not in the knowledge base: merge each " +
        "into a known actor, split off the mentions written a way that names someone else, or add its name as an alias " +
        "of one." : "Every actor is in the knowledge base.";
      if (!actors.length) return;
      var head = el("tr");
      ["actor", "name", "mentions", "", "merge, split or alias"].forEach(function (h) { head.appendChild(el("th", h)); });
      table.appendChild(head);
      actors.forEach(function (a) { table.appendChild(C.actorRow(a)); });
    }

    /* ---- alerts ---- */
    function drawAlerts(alerts, fresh) {
      var table = $("al-list"), isNew = {};
      (fresh || []).forEach(function (a) { isNew[a.id] = true; });
      clear(table);
      if (!alerts.length) { $("al-count").textContent = "No alerts yet."; return; }
      $("al-count").textContent = alerts.length + (alerts.length === 1 ? " alert" : " alerts") + ", newest first";
      var head = el("tr");
      ["#", "raised", "rule", "what", "sentence", ""].forEach(function (h) { head.appendChild(el("th", h)); });
      table.appendChild(head);
      alerts.forEach(function (a) {
        var row = el("tr", null, isNew[a.id] ? "new" : "");
        row.setAttribute("data-alert", String(a.id));
        row.appendChild(el("td", a.id, "num"));
        row.appendChild(el("td", String(a.raised_at || "").slice(0, 16).replace("T", " ")));
        row.appendChild(el("td", a.rule));
        row.appendChild(el("td", (isNew[a.id] ? "new: " : "") + a.what));
        row.appendChild(el("td", a.sentence || "", "sentence"));
        var cell = el("td");
        if (a.document) cell.appendChild(alertLink(a));
        row.appendChild(cell);
        table.appendChild(row);
      });
    }
    function showError(err) {
      var box = $("al-error");
      clear(box);
      if (!err) { box.hidden = true; return; }
      box.appendChild(el("strong", err.what || err.message || String(err)));
      if (err.where) box.appendChild(el("span", " (" + err.where + ")"));
      if (err.fix) box.appendChild(el("div", "How to fix: " + err.fix, "fix"));
      box.hidden = false;
    }
    function loadAlerts() {
      return app.api("api/alerts").then(function (answer) {
        $("al-rules").textContent = answer.rules_found ? "Rules: " + answer.rules : "No rules file yet: write the watch " +
          "rules to " + answer.rules + " (see `detente alerts check`).";
        drawAlerts(answer.alerts);
      });
    }
    function checkNow() {
      showError(null);
      $("al-status").textContent = "checking…";
      app.api("api/alerts/check", {method: "POST"}).then(function (answer) {
        $("al-status").textContent = answer.new.length + (answer.new.length === 1 ? " new alert" : " new alerts");
        /* new alerts: the workspace has moved (a poll, another analyst), so the page is drawn again with it */
        var redrawn = answer.new.length ? app.api("api/view").then(app.reload) : Promise.resolve();
        return redrawn.then(function () { drawAlerts(answer.alerts, answer.new); });
      }).catch(function (err) { $("al-status").textContent = ""; showError(err); });
    }
    function draw() { drawEvents(); drawActors(); }
    function setup() {
      $("al-check").addEventListener("click", checkNow);
      draw();
      loadAlerts().then(function () { document.body.setAttribute("data-alerts", "1"); });
    }
    return {setup: setup, draw: draw};
  };
})();
