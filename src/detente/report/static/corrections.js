/* detente dashboard: analysts' corrections. Each event row gets controls to reject it or set its type, source or
   target; each actor a merge, a split (the mentions written one way, chosen from how the actor is written, into
   another actor or a new one) and an alias control; each listed document a date control; and the corrections view
   an "add a place" form. Aliases and places apply from the next extraction: the "Extract again" button shows after
   one. The list shows the corrections in force, or every one made with "show undone". Every correction is sent
   with who made it (the "Your name" box, kept in this browser's localStorage) and why (optional); the server checks it
   with the library's rules, and a refused one is shown beside its control with what, where and how to fix it. After
   a correction the view is fetched again, so the page shows the corrected picture. Loaded before app.js in the
   dashboard only; app.js calls window.detenteCorrections(app). */
(function () {
  "use strict";
  var AUTHOR_KEY = "detente.author";
  window.detenteCorrections = function (app) {
    var el = app.el, clear = app.clear, $ = app.$;
    var options = {event_types: [], actors: [], texts: {}};

    function author() { return ($("author").value || "").trim(); }
    function field(label, input) {
      var box = el("label", label + " ");
      box.appendChild(input);
      return box;
    }
    function input(cls, value, placeholder) {
      var box = el("input");
      box.className = cls; box.value = value || ""; box.placeholder = placeholder || "";
      return box;
    }
    function button(text, cls) {
      var b = el("button", text, cls);
      b.type = "button";
      return b;
    }
    function errorBox() {
      var box = el("div", null, "field-error");
      box.setAttribute("role", "alert");
      box.hidden = true;
      return box;
    }
    function showError(box, err) {
      if (!err) { box.hidden = true; clear(box); return; }
      clear(box);
      box.appendChild(el("strong", err.what || err.message || String(err)));
      if (err.where) box.appendChild(el("span", " (" + err.where + ")"));
      if (err.fix) box.appendChild(el("div", "How to fix: " + err.fix, "fix"));
      box.hidden = false;
    }
    /* a form: its controls, a reason box and an error box; send(values) returns the request's body and path */
    function form(cls) {
      var box = el("div", null, "correction-form " + (cls || ""));
      box.reason = input("reason", "", "why (optional)");
      box.error = errorBox();
      return box;
    }
    function finish(box) {
      box.appendChild(field("Why", box.reason));
      box.appendChild(box.error);
      return box;
    }
    function send(box, path, body) {
      if (!author()) {
        showError(box.error, {what: "a correction needs its author", where: "Your name",
                              fix: "type your name in the 'Your name' box at the top of the page (the browser keeps it)"});
        $("author").focus();
        return Promise.resolve(null);
      }
      body.author = author();
      body.reason = box.reason.value;
      showError(box.error, null);
      box.classList.add("busy");
      return app.api(path, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)})
        .then(function (answer) {
          $("corr-status").textContent = "correction " + answer.correction.id + " saved: " + describe(answer.correction) +
            (answer.note ? " (" + answer.note + ")" : "");
          if (answer.note) $("corr-extract").hidden = false;  /* it applies from the next extraction */
          return refresh().then(function () { return answer; });
        })
        .catch(function (err) { showError(box.error, err); return null; })
        .then(function (answer) { box.classList.remove("busy"); return answer; });
    }
    /* a correction in words: an event is named by its key DOC:START:END:TYPE, shown by its type */
    function describe(c) {
      var value = Array.isArray(c.value) ? c.value.join(", ") : c.value, type = c.subject.split(":")[3] || "";
      var v = c.value || {};
      switch (c.kind) {
        case "reject": return "reject the " + type + " event";
        case "type": return "type " + type + " → " + value;
        case "source": case "target": return c.kind + " of the " + type + " event → " + value;
        case "merge": return "merge " + c.subject + " into " + value;
        case "alias": return "alias “" + c.subject + "” names " + value;
        case "split": return "split “" + v.text + "” off " + c.subject + " into " + v.into;
        case "place": return "place “" + c.subject + "” at " + v.lat + ", " + v.lon + (v.country ? " (" + v.country + ")" : "");
        case "date": return "date of " + (c.title || c.subject.slice(0, 12)) + " → " + value;
        default: return c.kind + " " + c.subject + (value == null ? "" : " → " + value);
      }
    }
    function group() {
      var span = el("span", null, "group");
      for (var i = 0; i < arguments.length; i++) span.appendChild(arguments[i]);
      return span;
    }

    /* ---- events: reject, retype, set source or target ---- */
    function eventForm(e) {
      var box = form("event-form");
      box.setAttribute("data-event", e.id);
      var reject = button("Reject event", "reject");
      reject.addEventListener("click", function () { send(box, "api/corrections/event", {event: e.id, kind: "reject"}); });
      var type = el("select", null, "retype");
      options.event_types.forEach(function (t) { var o = el("option", t); o.value = t; type.appendChild(o); });
      type.value = e.type;
      var retype = button("Set type", "set-type");
      retype.addEventListener("click", function () { send(box, "api/corrections/event", {event: e.id, kind: "type", value: type.value}); });
      box.appendChild(reject);
      box.appendChild(group(field("Type", type), retype));
      ["source", "target"].forEach(function (kind) {
        var ids = input(kind, e[kind].join(", "), "actor ids, e.g. USA, RUS");
        ids.setAttribute("list", "actor-ids");
        var set = button("Set " + kind, "set-" + kind);
        set.addEventListener("click", function () { send(box, "api/corrections/event", {event: e.id, kind: kind, value: ids.value}); });
        box.appendChild(group(field(kind === "source" ? "Source" : "Target", ids), set));
      });
      return finish(box);
    }
    /* a "Correct…" button in the row's last cell; it opens the event's form in a row under it */
    function eventControls(row, e) {
      var cell = el("td"), open = button("Correct…", "correct-toggle");
      open.setAttribute("aria-expanded", "false");
      open.addEventListener("click", function () {
        var next = row.nextSibling;
        if (next && next.classList && next.classList.contains("correction-row")) {
          next.parentNode.removeChild(next); open.setAttribute("aria-expanded", "false"); return;
        }
        var editor = el("tr", null, "correction-row"), td = el("td");
        td.colSpan = row.children.length;
        td.appendChild(eventForm(e));
        editor.appendChild(td);
        row.parentNode.insertBefore(editor, row.nextSibling);
        open.setAttribute("aria-expanded", "true");
      });
      cell.appendChild(open);
      row.appendChild(cell);
    }

    /* ---- actors: merge into another, add an alias ---- */
    function actorForm(actor) {
      var box = form("actor-form");
      box.setAttribute("data-actor", actor.id);
      var into = input("merge-into", "", "actor id");
      into.setAttribute("list", "actor-ids");
      var merge = button("Merge", "merge");
      merge.addEventListener("click", function () { send(box, "api/corrections/merge", {actor: actor.id, into: into.value}); });
      var text = input("alias-text", actor.resolved === false ? actor.name : "", "name as written");
      var named = input("alias-actor", actor.resolved === false ? "" : actor.id, "actor id");
      named.setAttribute("list", "actor-ids");
      var alias = button("Add alias", "alias");
      alias.addEventListener("click", function () { send(box, "api/corrections/alias", {text: text.value, actor: named.value}); });
      box.appendChild(group(field("Merge " + actor.id + " into", into), merge));
      box.appendChild(splitGroup(box, actor));
      box.appendChild(group(field("Alias", text), field("names", named), alias));
      return finish(box);
    }
    /* split: the mentions written one way (a choice among how the actor is written) into another actor, or a new one
       when none is given; it applies at once */
    function splitGroup(box, actor) {
      var written = el("select", null, "split-text");
      written.setAttribute("data-actor", actor.id);
      var into = input("split-into", "", "new actor if empty");
      into.setAttribute("list", "actor-ids");
      var split = button("Split", "split");
      written.button = split;
      fillTexts(written);
      split.addEventListener("click", function () {
        send(box, "api/corrections/split", {actor: actor.id, text: written.value, into: into.value});
      });
      return group(field("Split off the mentions written", written), field("into", into), split);
    }
    function fillTexts(select) {
      var texts = options.texts[select.getAttribute("data-actor")] || [], chosen = select.value;
      clear(select);
      texts.forEach(function (t) { var o = el("option", t); o.value = t; select.appendChild(o); });
      if (texts.indexOf(chosen) >= 0) select.value = chosen;
      /* splitting off the only way it is written would only rename it (or merge it) */
      select.disabled = select.button.disabled = texts.length < 2;
      select.title = select.button.title = texts.length < 2 ? "written one way only: merge it or add an alias instead" : "";
    }
    function actorRow(actor) {
      var row = el("tr");
      row.setAttribute("data-actor", actor.id);
      row.appendChild(el("td", actor.id));
      row.appendChild(el("td", actor.name));
      row.appendChild(el("td", actor.mentions, "num"));
      row.appendChild(el("td", actor.resolved ? "knowledge base" : "not in the knowledge base", actor.resolved ? "" : "provisional"));
      var cell = el("td");
      cell.appendChild(actorForm(actor));
      row.appendChild(cell);
      return row;
    }
    function drawActors() {
      var table = $("corr-actors"), data = app.data(), seen = {};
      clear(table);
      var head = el("tr");
      ["actor", "name", "mentions", "", "merge, split or alias"].forEach(function (h) { head.appendChild(el("th", h)); });
      table.appendChild(head);
      data.actors.concat(data.provisional || []).forEach(function (a) {
        if (seen[a.id]) return;
        seen[a.id] = true;
        table.appendChild(actorRow(a));
      });
    }

    /* ---- documents: set the date ---- */
    function documentControls(item, d) {
      var open = button("set date", "date-toggle");
      open.addEventListener("click", function () {
        var present = item.querySelector(".date-form");
        if (present) { item.removeChild(present); return; }
        var box = form("date-form"), day = input("date", d.published || "");
        day.type = "date";
        var set = button("Set date", "set-date");
        set.addEventListener("click", function () { send(box, "api/corrections/date", {document: d.id, date: day.value}); });
        box.appendChild(field("Published", day)); box.appendChild(set);
        item.appendChild(finish(box));
      });
      item.appendChild(document.createTextNode(" "));
      item.appendChild(open);
    }

    /* ---- places: add one to the workspace's knowledge base (found and put on the map from the next extraction) ---- */
    function placeForm() {
      var box = form("place-form"), name = input("place-name", "", "as written, e.g. Camp Tamarisk");
      var lat = input("place-lat", "", "e.g. 35.13"), lon = input("place-lon", "", "e.g. 36.75");
      var country = input("place-country", "", "ISO3, e.g. SYR");
      [lat, lon].forEach(function (box) { box.type = "number"; box.step = "any"; });
      lat.min = "-90"; lat.max = "90"; lon.min = "-180"; lon.max = "180";
      country.maxLength = 3;
      var add = button("Add place", "add-place");
      add.addEventListener("click", function () {
        send(box, "api/corrections/place", {name: name.value, lat: lat.value, lon: lon.value, country: country.value});
      });
      box.appendChild(field("Name", name)); box.appendChild(field("Latitude", lat)); box.appendChild(field("Longitude", lon));
      box.appendChild(field("Country (optional)", country)); box.appendChild(add);
      return finish(box);
    }

    /* ---- the list of corrections, newest first, each with an undo (an undone one says when) ---- */
    function drawList(records) {
      var table = $("corr-list");
      clear(table);
      var head = el("tr");
      ["#", "correction", "about", "by", "when", "why", ""].forEach(function (h) { head.appendChild(el("th", h)); });
      table.appendChild(head);
      records.slice().reverse().forEach(function (r) {
        var row = el("tr"), box = errorBox(), undo = button("Undo", "undo"), cell = el("td");
        row.setAttribute("data-correction", String(r.id));
        row.appendChild(el("td", r.id, "num"));
        row.appendChild(el("td", describe(r)));
        row.appendChild(el("td", about(r), "sentence"));
        row.appendChild(el("td", r.by));
        row.appendChild(el("td", when(r.at)));
        row.appendChild(el("td", r.why || ""));
        if (r.undone_at) row.className = "undone";
        undo.addEventListener("click", function () {
          if (!author()) { showError(box, {what: "an undo needs its author", where: "Your name", fix: "type your name at the top of the page"}); return; }
          app.api("api/corrections/" + r.id + "/undo", {method: "POST", headers: {"Content-Type": "application/json"},
                                                       body: JSON.stringify({author: author()})})
            .then(function () { $("corr-status").textContent = "correction " + r.id + " undone"; return refresh(); })
            .catch(function (err) { showError(box, err); });
        });
        if (r.undone_at) cell.appendChild(el("span", "undone " + when(r.undone_at), "muted"));
        else { cell.appendChild(undo); cell.appendChild(box); }
        row.appendChild(cell);
        table.appendChild(row);
      });
      var undone = records.filter(function (r) { return r.undone_at; }).length, live = records.length - undone;
      $("corr-count").textContent = live + (live === 1 ? " correction" : " corrections") + " in force" +
        (undone ? ", " + undone + " undone" : "");
    }
    function when(stamp) { return String(stamp || "").slice(0, 16).replace("T", " "); }
    /* what a correction is about: an event's sentence, the mentions a split takes, a document's title */
    function about(r) {
      if (r.sentence) return (r.trigger ? "“" + r.trigger + "” in: " : "") + r.sentence.trim();
      if (r.mentions) {
        var first = r.mentions[0];
        return r.mentions.length + (r.mentions.length === 1 ? " mention" : " mentions") +
          (first && first.sentence ? ", e.g. in: " + first.sentence.trim() : "");
      }
      return r.title || "";
    }
    function loadCorrections() {
      return app.api("api/corrections" + ($("corr-show-undone").checked ? "?all=1" : "")).then(function (answer) {
        options = answer;
        var list = $("actor-ids");
        clear(list);
        answer.actors.forEach(function (id) { var o = el("option"); o.value = id; list.appendChild(o); });
        document.querySelectorAll("select.split-text").forEach(fillTexts);  /* the rows may be drawn before */
        drawList(answer.corrections);
        /* an alias or a place waiting for extraction, also after a reload */
        if (answer.to_extract > 0) $("corr-extract").hidden = false;
      });
    }
    function refresh() {
      return Promise.all([app.api("api/view").then(app.reload), loadCorrections()]);
    }
    function extractAgain() {
      $("corr-extract-status").textContent = "extracting…";
      app.api("api/extract", {method: "POST"}).then(function (answer) {
        $("corr-extract-status").textContent = answer.extracted + " documents extracted again";
        $("corr-extract").hidden = true;
        return refresh();
      }).catch(function (err) { $("corr-extract-status").textContent = ""; showError($("corr-extract-error"), err); });
    }
    function setup() {
      var name = $("author");
      name.value = window.localStorage.getItem(AUTHOR_KEY) || "";
      name.addEventListener("input", function () { window.localStorage.setItem(AUTHOR_KEY, name.value.trim()); });
      $("corr-extract").addEventListener("click", extractAgain);
      $("corr-show-undone").addEventListener("change", loadCorrections);
      $("corr-place").appendChild(placeForm());
      app.evidence.setHooks({event: eventControls, document: documentControls});
      drawActors();
      loadCorrections().then(function () { document.body.setAttribute("data-corrections", "1"); });
    }
    return {setup: setup, draw: drawActors, eventControls: eventControls, actorRow: actorRow, refresh: refresh};
  };
})();
