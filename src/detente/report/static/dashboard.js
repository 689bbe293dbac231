/* detente dashboard: the what-if editor (edited values marked, non-numbers refused, errors shown plainly, the change
   per issue; unsaved edits kept when the page is drawn again after a correction, an upload or new alerts, until
   "Reset values") and article uploads; and api(), the one way the dashboard's scripts call the server (the X-Detente
   header, same-origin credentials, a refused request thrown with the server's what, where and fix). Loaded before
   app.js in the dashboard only; app.js calls window.detenteDashboard(app) with the view's state and drawing
   functions. It talks to its own origin only. */
(function () {
  "use strict";
  window.detenteDashboard = function (app) {
    var el = app.el, clear = app.clear, $ = app.$;

    function api(path, options) {
      options = options || {};
      options.headers = Object.assign({"X-Detente": "1"}, options.headers || {});
      options.credentials = "same-origin";
      return fetch(path, options).then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) {
            var error = new Error(typeof body.detail === "string" ? body.detail : response.statusText);
            error.detail = body.detail || body.error;
            error.what = body.what; error.where = body.where; error.fix = body.fix;
            throw error;
          }
          return body;
        });
      });
    }
    function cellKey(box) {
      return box.getAttribute("data-actor") + "|" + box.getAttribute("data-issue") + "|" + box.getAttribute("data-field");
    }
    /* the editor's unsaved state: the cells whose text differs from the value as stated, the actors left out */
    function edits() {
      var kept = {cells: {}, left: {}};
      document.querySelectorAll("#wi-editor input.cell").forEach(function (box) {
        if (box.value !== box.getAttribute("data-original")) kept.cells[cellKey(box)] = box.value;
      });
      document.querySelectorAll("#wi-editor input.include").forEach(function (box) {
        if (!box.checked) kept.left[box.getAttribute("data-actor")] = true;
      });
      return kept;
    }
    function reapply(kept) {
      document.querySelectorAll("#wi-editor input.cell").forEach(function (box) {
        var key = cellKey(box);
        if (Object.prototype.hasOwnProperty.call(kept.cells, key)) { box.value = kept.cells[key]; markEdit(box); }
      });
      document.querySelectorAll("#wi-editor input.include").forEach(function (box) {
        if (kept.left[box.getAttribute("data-actor")]) box.checked = false;
      });
    }
    /* the editor, drawn from the view's scenario; the unsaved edits are put back unless discard is set */
    function drawEditor(discard) {
      var table = $("wi-editor"), s = app.data().scenario, kept = discard === true ? null : edits();
      clear(table);
      if (!s) return;
      var head = el("tr");
      head.appendChild(el("th", "actor"));
      head.appendChild(el("th", "capability"));
      s.issues.forEach(function (i) { head.appendChild(el("th", i.id + " position")); head.appendChild(el("th", i.id + " salience")); });
      head.appendChild(el("th", "include"));
      table.appendChild(head);
      var cells = {};
      s.cells.forEach(function (c) { cells[c.actor + "|" + (c.issue || "") + "|" + c.field] = c; });
      s.actors.forEach(function (a) {
        var row = el("tr");
        var name = el("th", a.id, "actor");
        name.title = a.name; name.scope = "row";
        row.appendChild(name);
        function input(issue, field) {
          var c = cells[a.id + "|" + (issue || "") + "|" + field], box = el("input"), td = el("td");
        if (!c || c.value == null) {  /* takes no part in the issue (or a draft's empty cell): nothing to edit */
          td.appendChild(el("span", c && c.absent ? "no part" : "empty", "muted")); row.appendChild(td);
          return;
        }
          box.type = "number"; box.step = "any"; box.value = String(c.value); box.className = "cell";
          box.setAttribute("data-actor", a.id); box.setAttribute("data-field", field);
          box.setAttribute("data-issue", issue || ""); box.setAttribute("data-original", String(c.value));
          box.setAttribute("aria-label", a.id + " " + field + (issue ? " " + issue : ""));
          box.title = "as stated: " + c.value + (c.basis ? " (" + c.basis + ")" : "");
          td.appendChild(box); row.appendChild(td);
        }
        input(null, "capability");
        s.issues.forEach(function (i) { input(i.id, "position"); input(i.id, "salience"); });
        var keep = el("input"), td = el("td");
        keep.type = "checkbox"; keep.checked = true; keep.className = "include"; keep.setAttribute("data-actor", a.id);
        td.appendChild(keep); row.appendChild(td);
        table.appendChild(row);
      });
      if (kept) reapply(kept);
    }
    function markEdit(box) {
      var value = box.value.trim(), edited = value !== box.getAttribute("data-original");
      var invalid = value === "" || !isFinite(Number(value));
      box.parentNode.classList.toggle("edited", edited && !invalid);
      box.parentNode.classList.toggle("invalid", invalid);
      box.setAttribute("aria-invalid", invalid ? "true" : "false");
    }
    function showError(message) {
      var box = $("wi-error");
      box.textContent = message || "";
      box.hidden = !message;
    }
    function errorText(err) {
      var detail = err && err.detail;
      if (Array.isArray(detail)) {
        return detail.map(function (d) { return (d.loc || []).slice(1).join(".") + ": " + d.msg; }).join("; ");
      }
      return String(detail || (err && err.message) || err);
    }
    function runWhatIf() {
      var changes = [], drop = [], invalid = [];
      document.querySelectorAll("#wi-editor input.cell").forEach(function (box) {
        markEdit(box);
        if (box.getAttribute("aria-invalid") === "true") {
          invalid.push(box.getAttribute("aria-label") + " (\u201c" + box.value + "\u201d)");
        } else if (Number(box.value) !== Number(box.getAttribute("data-original"))) {
          changes.push({actor: box.getAttribute("data-actor"), field: box.getAttribute("data-field"),
                        issue: box.getAttribute("data-issue") || null, value: Number(box.value)});
        }
      });
      document.querySelectorAll("#wi-editor input.include").forEach(function (box) {
        if (!box.checked) drop.push(box.getAttribute("data-actor"));
      });
      if (invalid.length) {
        showError("Not run: these values are not numbers: " + invalid.join(", ") + ". Type a number or press Reset values.");
        $("wi-status").textContent = "";
        return;
      }
      showError("");
      var model = app.forecasts()[Number($("wi-model").value)].model;
      $("wi-status").textContent = "running…";
      api("api/forecast", {method: "POST", headers: {"Content-Type": "application/json"},
        body: JSON.stringify({model: model, runs: Number($("wi-runs").value) || 1, changes: changes, drop: drop})})
        .then(function (result) {
          app.drawForecastTable($("wi-result"), [result.base, result.what_if], ["as stated", "what-if"]);
          app.setForecasts(app.forecasts().map(function (f) { return f.model === result.what_if.model ? result.what_if : f; }));
          app.drawForecastTable($("fc-table"), app.forecasts());
          app.drawForecastPlots(result.what_if);
          $("wi-status").textContent = "done: " + changes.length + (changes.length === 1 ? " value" : " values") + " changed, " + drop.length +
          (drop.length === 1 ? " actor" : " actors") + " left out";
        })
        .catch(function (err) {
          $("wi-status").textContent = "";
          showError("The what-if was not run: " + errorText(err));
        });
    }
    function setupDashboard() {
      drawEditor();
      app.fillModels($("wi-model"), app.forecasts());
      $("wi-run").addEventListener("click", runWhatIf);
      $("wi-editor").addEventListener("input", function (ev) { if (ev.target.classList.contains("cell")) markEdit(ev.target); });
      $("wi-reset").addEventListener("click", function () {
        app.setForecasts(app.data().forecasts); drawEditor(true); app.drawForecast(); clear($("wi-result")); showError("");
      });
      $("upload-form").addEventListener("submit", function (ev) {
        ev.preventDefault();
        var files = $("upload-files").files, form = new FormData();
        for (var i = 0; i < files.length; i++) form.append("files", files[i]);
        $("upload-result").textContent = "uploading " + files.length + " files…";
        api("api/articles", {method: "POST", body: form}).then(function (result) {
          var lines = ["processed: " + result.ingested + " new, " + result.duplicate + " already there; extracted " + result.extracted];
          result.rejected.forEach(function (r) { lines.push("rejected " + r.path + (r.line ? ":" + r.line : "") + ": " + r.reason); });
          $("upload-result").textContent = lines.join("\n");
          return api("api/view").then(app.reload);
        }).catch(function (err) { $("upload-result").textContent = "error: " + err.message; });
      });
    }
    return {draw: drawEditor, setup: setupDashboard, api: api};
  };
})();
