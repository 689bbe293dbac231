/* detente report and dashboard: the views that judge a forecast (its context, the backtest chart) and the scenario's
   values with their basis, evidence and sensitivity. Loaded before app.js, which calls window.detenteViews(helpers).
   Text reaches the page through textContent only; Plotly labels go through esc(). */
(function () {
  "use strict";
  window.detenteViews = function (h) {
    var el = h.el, clear = h.clear, fmt = h.fmt, esc = h.esc, $ = h.$;
    var BASIS = {stated: "stated in the articles", inferred: "inferred from allies or events",
                 definition: "by the issue's definition", table: "from a cited table", analyst: "filled in by hand"};

    /* n colours told apart at a glance: Tableau's 10 (then 20), else golden-angle hues with alternating lightness
       (the trajectories also change dash every ten actors) */
    var TAB = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
               "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5"];
    function palette(n) {
      if (n <= 20) return TAB.slice(0, n);
      var out = [];
      for (var i = 0; i < n; i++) out.push("hsl(" + Math.round((i * 137.508) % 360) + ", 75%, " + (i % 2 ? 38 : 55) + "%)");
      return out;
    }

    function num(value) { return value == null ? "—" : String(Math.round(value * 100) / 100); }
    /* Label positions that do not overlap (greedy, largest marker first): each label tries above, below, right
       and left of its point, in pixels estimated from the plot's size, and takes the first spot that meets no label
       and no marker placed so far. points: [{x, y, text, size}]; frame: {x0, x1, y0, y1, width, height}. */
    var SPOTS = [["top center", 0, -1], ["bottom center", 0, 1], ["middle right", 1, 0], ["middle left", -1, 0],
                 ["top right", 1, -1], ["top left", -1, -1], ["bottom right", 1, 1], ["bottom left", -1, 1]];
    function placeLabels(points, frame) {
      var sx = frame.width / ((frame.x1 - frame.x0) || 1), sy = frame.height / ((frame.y1 - frame.y0) || 1), taken = [];
      function meets(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }
      var px = points.map(function (p) { return [(p.x - frame.x0) * sx, (frame.y1 - p.y) * sy]; });
      points.forEach(function (p, i) {
        var r = p.size / 2;
        taken.push([px[i][0] - r, px[i][1] - r, px[i][0] + r, px[i][1] + r]);
      });
      var order = points.map(function (_, i) { return i; }).sort(function (a, b) { return points[b].size - points[a].size; });
      var out = points.map(function () { return "top center"; });
      order.forEach(function (i) {
        var p = points[i], w = 7 * String(p.text).length + 4, h = 14, r = p.size / 2 + 2;
        var spots = SPOTS.map(function (spot) {
          var cx = px[i][0] + spot[1] * (r + w / 2), cy = px[i][1] + spot[2] * (r + h / 2);
          return [spot[0], [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2]];
        });
        var free = spots.filter(function (spot) {
          return !taken.some(function (box, j) { return j !== i && meets(spot[1], box); });
        })[0] || spots[0];
        out[i] = free[0];
        taken.push(free[1]);
      });
      return out;
    }

    function pct(value) { return (100 * value).toFixed(0) + "%"; }

    /* ---- a forecast's context: baselines, track record, weight shares, warning ---- */
    function forecastContext(issue) {
      var c = issue.context || {baselines: [], shares: [], warnings: [], track_record: ""};
      var box = el("div", null, "context");
      c.warnings.forEach(function (w) {
        var warn = el("div", "⚠ " + w, "warning");
        warn.setAttribute("role", "alert");
        box.appendChild(warn);
      });
      var base = el("p", null, "baselines");
      base.appendChild(el("strong", "Baselines on this issue: "));
      base.appendChild(document.createTextNode(c.baselines.length ? c.baselines.map(function (b) {
        return b.name + " " + fmt(b.value);
      }).join(" · ") + " (the forecast: " + fmt(issue.forecast) + ")" : "not stored with this forecast"));
      box.appendChild(base);
      var record = el("p", null, "track-record");
      record.appendChild(el("strong", "Track record: "));
      record.appendChild(document.createTextNode(c.track_record));
      box.appendChild(record);
      if (c.shares.length) {
        var table = el("table", null, "grid shares"), head = el("tr");
        head.appendChild(el("th", "actor")); head.appendChild(el("th", "share of the weight (capability × salience)"));
        table.appendChild(head);
        var shown = c.shares.filter(function (s, i) { return i < 3 || s.share >= 0.02; });
        var rest = c.shares.slice(shown.length), restShare = 0;
        rest.forEach(function (s) { restShare += s.share; });
        if (rest.length) shown = shown.concat([{actor: rest.length + " others", share: restShare}]);
        shown.forEach(function (s) {
          var row = el("tr"), bar = el("td"), fill = el("span", null, "bar");
          if (s.actor === c.dominant) row.className = "dominant";
          row.appendChild(el("td", s.actor));
          fill.style.width = Math.max(1, Math.round(240 * s.share)) + "px";
          bar.appendChild(fill); bar.appendChild(el("span", " " + pct(s.share), "num"));
          row.appendChild(bar); table.appendChild(row);
        });
        box.appendChild(table);
      }
      return box;
    }

    /* ---- the backtest: errors by model ---- */
    function drawBacktest(data) {
      var b = data.backtest, plot = $("bt-plot");
      clear(plot);
      if (!b) { $("bt-source").textContent = "No backtest figures are stored with this version of detente."; return; }
      var rows = b.models.slice().reverse();  /* Plotly draws the first category at the bottom */
      var colour = function (r) {
        return r.verdict.indexOf("better") === 0 ? "#1a9850" : r.verdict.indexOf("worse") === 0 ? "#d73027" : "#4575b4";
      };
      var text = rows.map(function (r) {
        return fmt(r.mae) + (r.name === "mean" ? " (reference)" : r.ci[0] == null ? "" :
          "  vs weighted mean " + (r.ci[0] >= 0 ? "+" : "") + fmt(r.ci[0]) + " … " + (r.ci[1] >= 0 ? "+" : "") + fmt(r.ci[1]));
      });
      Plotly.react("bt-plot", [{
        type: "bar", orientation: "h", y: rows.map(function (r) { return esc(r.label); }), x: rows.map(function (r) { return r.mae; }),
        text: text.map(esc), textposition: "outside", cliponaxis: false, marker: {color: rows.map(colour)},
        hovertext: rows.map(function (r) {
          return esc(r.label) + ": MAE " + fmt(r.mae) + " on " + r.n + " decisions; " + esc(r.verdict) +
            (r.ci[0] == null ? "" : " (95% interval of the difference " + fmt(r.ci[0]) + " to " + fmt(r.ci[1]) + ")");
        }), hoverinfo: "text"
      }], {margin: {l: 230, r: 40, t: 10, b: 50}, height: 60 + 34 * rows.length,
           xaxis: {title: {text: "mean absolute error, points of 100 (lower is better)"},
                   range: [0, 1.45 * Math.max.apply(null, rows.map(function (r) { return r.mae; }))]}},
        h.PLOT_CONFIG);
      $("bt-source").textContent = "Mean absolute error of each model on " + b.issues + " EU legislative decisions with " +
        "known outcomes; beside each bar the paired bootstrap 95% interval of its error minus the weighted mean's " +
        "(green: better, red: worse, blue: no clear difference). Source: " + b.source + ".";
    }

    /* ---- the scenario's values: basis, evidence, what would change the forecast ---- */
    function evidenceItem(ev) {
      var item = el("li", null, ev.attributed ? "attributed" : "");
      var who = [ev.speaker, ev.cue ? "“" + ev.cue + "”" : null, ev.date].filter(Boolean).join(" · ");
      if (who) item.appendChild(el("span", who + (ev.attributed ? " (someone else's claim)" : ""), "who"));
      item.appendChild(el("span", " " + ev.sentence, "sentence"));
      if (ev.doc) {
        var link = el("a", "open", "open-link");
        link.href = "#doc=" + encodeURIComponent(ev.doc) + "&s=" + ev.s0 + "-" + ev.s1;
        item.appendChild(document.createTextNode(" ")); item.appendChild(link);
      } else {
        item.appendChild(el("span", " (" + (ev.label || ev.path || "document") + ": not in this workspace)", "muted"));
      }
      return item;
    }
    function cellName(c) { return c.actor + " " + c.field + (c.issue ? " on " + c.issue : ""); }
    function drawSensitivity(s) {
      var list = $("sc-sensitivity");
      clear(list);
      if (!s.sensitivity) { $("sc-sens-note").textContent = "No forecast in this report: nothing to be sensitive to."; return; }
      $("sc-sens-note").textContent = "Each value moved alone (positions by 10% of the scale, saliences by 0.2, " +
        "capabilities by 20%) and " + h.modelLabel(s.sensitivity.model) + " forecast again; the largest moves first.";
      s.sensitivity.cells.slice(0, 10).forEach(function (c) {
        if (!c.change) return;
        var item = el("li");
        item.appendChild(el("strong", c.actor + " " + c.field + (c.cell_issue ? " on " + c.cell_issue : "")));
        item.appendChild(document.createTextNode(" (" + num(c.value) + "): at " + num(c.low) + " the " + c.issue +
          " forecast is " + fmt(c.at_low) + ", at " + num(c.high) + " it is " + fmt(c.at_high) + " (now " +
          fmt(c.base) + "; moves up to " + fmt(c.change) + ")"));
        list.appendChild(item);
      });
      if (!list.firstChild) list.appendChild(el("li", "No single value moves the forecast.", "muted"));
    }
    function drawScenario(data) {
      var s = data.scenario, table = $("sc-table");
      clear(table);
      $("sc-empty").textContent = "";
      if (!s) { $("sc-note").textContent = "No scenario given: run the report with --scenario FILE."; return; }
      $("sc-note").textContent = s.name + (s.as_of ? " (evidence up to " + s.as_of + ")" : "") + ": " + s.cited +
        " of " + s.cells.length + " values cite a sentence.";
      if (s.empty) $("sc-empty").textContent = s.empty;
      drawSensitivity(s);
      var head = el("tr");
      ["actor", "value", "", "basis", "evidence"].forEach(function (x) { head.appendChild(el("th", x)); });
      table.appendChild(head);
      s.cells.forEach(function (c) {
        var row = el("tr");
        row.setAttribute("data-cell", c.actor + "|" + (c.issue || "") + "|" + c.field);
        row.appendChild(el("td", c.actor));
        row.appendChild(el("td", c.absent ? "no part" : c.value == null ? "empty" : num(c.value), "num"));
        row.appendChild(el("td", c.field + (c.issue ? " on " + c.issue : "")));
        var basis = el("td"), badge = el("span", c.basis || "not said", "basis basis-" + (c.basis || "none"));
        badge.title = BASIS[c.basis] || "the scenario does not say how this value was found";
        basis.appendChild(badge); row.appendChild(basis);
        var ev = el("td");
        if (c.evidence.length) {
          var list = el("ul", null, "evidence");
          c.evidence.forEach(function (e) { list.appendChild(evidenceItem(e)); });
          ev.appendChild(list);
        } else {
          ev.appendChild(el("span", c.absent ? "takes no part in this issue" :
                                    c.value == null ? "empty: the articles state nothing; fill it in" :
                                    c.note || "no sentence cited", "muted"));
        }
        row.appendChild(ev); table.appendChild(row);
      });
    }
    return {placeLabels: placeLabels, palette: palette, forecastContext: forecastContext, drawBacktest: drawBacktest, drawScenario: drawScenario, cellName: cellName};
  };
})();
