/* detente report and dashboard: the evidence table (events, stated relations and scenario values, each with its
   sentence), the document list and the document reader that opens an article at its sentence. Loaded before app.js,
   which calls window.detenteEvidence(helpers). In the dashboard, hooks.event(row, event) and
   hooks.document(item, document) add the correction controls to event rows and listed documents. */
(function () {
  "use strict";
  window.detenteEvidence = function (h) {
    var el = h.el, clear = h.clear, fmt = h.fmt, $ = h.$;
    var filter = "", all = null, hooks = {};
    var LIMIT = 1000;

    function rows() {
      var data = h.data(), out = [];
      data.events.forEach(function (e) {
        out.push({date: e.date, what: e.type + (e.mode ? " / " + e.mode : "") + (e.flags.length ? " [" + e.flags.join(", ") + "]" : ""),
                  who: e.source.join(", ") + " → " + e.target.join(", "), sentence: e.sentence, doc: e.doc, s0: e.s0, s1: e.s1,
                  place: e.place_name || "", event: e});
      });
      data.stated.forEach(function (r) {
        out.push({date: r.date, what: "stated: " + r.kind, who: r.source + " → " + r.target, sentence: r.sentence,
                  doc: r.doc, s0: r.s0, s1: r.s1, place: ""});
      });
      if (data.scenario) {
        data.scenario.cells.forEach(function (c) {
          c.evidence.forEach(function (ev) {
            out.push({date: ev.date || "", what: "scenario: " + c.field + (c.issue ? " on " + c.issue : "") + " = " + fmt(c.value),
                      who: c.actor, sentence: ev.sentence, doc: ev.doc, s0: ev.s0, s1: ev.s1, place: ""});
          });
        });
      }
      return out;
    }
    function openLink(doc, s0, s1) {
      var link = el("a", "open");
      link.href = "#doc=" + encodeURIComponent(doc) + (s0 != null ? "&s=" + s0 + "-" + s1 : "");
      link.className = "open-link";
      return link;
    }
    function draw() {
      all = all || rows();
      var table = $("ev-table");
      clear(table);
      var head = el("tr");
      ["date", "what", "who", "place", "sentence", ""].forEach(function (name) { head.appendChild(el("th", name)); });
      if (hooks.event) head.appendChild(el("th", "correct"));
      table.appendChild(head);
      var matching = all.filter(function (r) {
        return !filter || (r.what + " " + r.who + " " + r.sentence + " " + r.place).toLowerCase().indexOf(filter) >= 0;
      });
      matching.slice(0, LIMIT).forEach(function (r) {
        var row = el("tr");
        row.appendChild(el("td", r.date || "—"));
        row.appendChild(el("td", r.what));
        row.appendChild(el("td", r.who));
        row.appendChild(el("td", r.place));
        row.appendChild(el("td", r.sentence, "sentence"));
        var cell = el("td");
        if (r.doc) cell.appendChild(openLink(r.doc, r.s0, r.s1));
        row.appendChild(cell);
        if (hooks.event) {
          if (r.event) { row.setAttribute("data-event", r.event.id); hooks.event(row, r.event); } else { row.appendChild(el("td")); }
        }
        table.appendChild(row);
      });
      $("ev-count").textContent = matching.length + " rows" + (matching.length > LIMIT ? " (first " + LIMIT + " shown)" : "");
    }
    function drawDocuments() {
      var list = $("doc-list");
      clear(list);
      h.data().documents.forEach(function (d) {
        var item = el("li"), link = el("a", (d.published || "undated") + " · " + (d.title || d.path));
        link.href = "#doc=" + encodeURIComponent(d.id);
        item.setAttribute("data-document", d.id);
        item.appendChild(link);
        if (hooks.document) hooks.document(item, d);
        list.appendChild(item);
      });
    }
    function open(id, s0, s1) {
      var d = null;
      h.data().documents.forEach(function (x) { if (x.id === id) d = x; });
      var view = $("doc-view");
      clear(view);
      if (!d) { view.appendChild(el("p", "This document is not in the workspace.", "muted")); return; }
      view.appendChild(el("h3", d.title || d.path));
      view.appendChild(el("p", [d.source, d.published, d.path + (d.line ? ":" + d.line : "")].filter(Boolean).join(" · "), "muted"));
      var body = el("div", null, "doc-text");
      var start = Number(s0), end = Number(s1), mark = null;
      if (s0 != null && !isNaN(start) && !isNaN(end) && end > start) {
        body.appendChild(document.createTextNode(d.text.slice(0, start)));
        mark = el("mark", d.text.slice(start, end));
        mark.id = "evidence-mark";
        body.appendChild(mark);
        body.appendChild(document.createTextNode(d.text.slice(end)));
      } else {
        body.textContent = d.text;
      }
      view.appendChild(body);
      $("documents").scrollIntoView();
      if (mark) mark.scrollIntoView({block: "center"});
    }
    function onHash() {
      var match = /^#doc=([^&]+)(?:&s=(\d+)-(\d+))?$/.exec(location.hash);
      if (match) open(decodeURIComponent(match[1]), match[2], match[3]);
    }
    function setFilter(text) {
      $("ev-filter").value = text;
      filter = text.toLowerCase();
      draw();
    }
    function setup() {
      $("ev-filter").addEventListener("input", function () { filter = $("ev-filter").value.toLowerCase(); draw(); });
      window.addEventListener("hashchange", onHash);
    }
    return {draw: draw, drawDocuments: drawDocuments, open: open, onHash: onHash, setFilter: setFilter, setup: setup,
            reset: function () { all = null; }, setHooks: function (given) { hooks = given || {}; }};
  };
})();
