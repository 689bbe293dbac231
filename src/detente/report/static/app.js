/* detente report and dashboard: draws every view from the JSON view model in #payload: the summary, the actor
   network and the forecast here; the timeline (timeline.js), the map (map.js), the evidence and documents
   (evidence.js), the backtest and scenario (views.js); in the dashboard also the what-if and uploads (dashboard.js),
   the corrections (corrections.js), the review queue and alerts (review.js).
   Article text is untrusted: it only ever reaches the page through textContent, and through Plotly only after
   esc() (Plotly reads a few HTML-like tags in labels). Nothing here fetches anything in the report; the
   dashboard talks to its own origin only. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("payload").textContent);
  var dashboard = document.body.getAttribute("data-mode") === "dashboard";
  var PLOT_CONFIG = {displaylogo: false, responsive: true, modeBarButtonsToRemove: ["sendDataToCloud"]};
  var COOP = "#1a9850", CONFLICT = "#d73027", NEUTRAL = "#888888";

  function $(id) { return document.getElementById(id); }
  function esc(text) {
    return String(text == null ? "" : text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text != null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function actorName(id) {
    for (var i = 0; i < data.actors.length; i++) if (data.actors[i].id === id) return data.actors[i].name;
    return id;
  }
  function fmt(value, digits) { return value == null ? "—" : Number(value).toFixed(digits == null ? 1 : digits); }
  function filterEvidence(text) { E.setFilter(text); location.hash = "#evidence"; }

  /* the views of the other scripts, given the helpers they share */
  var helpers = {el: el, clear: clear, fmt: fmt, esc: esc, $: $, PLOT_CONFIG: PLOT_CONFIG, data: function () { return data; },
                 modelLabel: function (name) { return modelLabel(name); }, filterEvidence: filterEvidence,
                 openDocument: function (id, s0, s1) { E.open(id, s0, s1); }};
  var V = window.detenteViews(helpers);
  helpers.V = V;
  var T = window.detenteTimeline(helpers), M = window.detenteMap(helpers), E = window.detenteEvidence(helpers);

  /* ---- summary ---- */
  function drawSummary() {
    var facts = data.events.filter(function (e) { return e.fact; }).length;
    var text = data.documents.length + " documents · " + data.actors.length + " actors in events · " +
      data.events.length + " events (" + facts + " reported as fact) · " + data.stated.length + " stated relations";
    if (data.period) text += " · " + data.period[0] + " to " + data.period[1];
    $("summary").textContent = text;
  }

  /* ---- actor network, filtered by date ---- */
  function inRange(date, from, to) {
    if (!date) return !from && !to;
    return (!from || date >= from) && (!to || date <= to);
  }
  function networkEdges(from, to) {
    var pairs = {};
    function add(a, b, score) {
      if (a === b) return;
      var key = a < b ? a + "\u0000" + b : b + "\u0000" + a;
      var pair = pairs[key] || (pairs[key] = {a: a < b ? a : b, b: a < b ? b : a, score: 0, count: 0});
      pair.score += score; pair.count += 1;
    }
    data.events.forEach(function (e) {
      if (!e.fact || !inRange(e.date, from, to)) return;
      e.source.forEach(function (s) { e.target.forEach(function (t) { add(s, t, e.score || 0); }); });
    });
    data.stated.forEach(function (r) {
      if (!inRange(r.date, from, to)) return;
      add(r.source, r.target, r.kind === "enemy" ? -5 : r.kind === "mediates" ? 3 : 5);
    });
    return Object.keys(pairs).map(function (k) { return pairs[k]; });
  }
  function drawNetwork() {
    var from = $("net-from").value, to = $("net-to").value;
    var pos = {};
    data.actors.forEach(function (a) { pos[a.id] = a; });
    var edges = networkEdges(from, to).filter(function (p) { return pos[p.a] && pos[p.b]; });
    var traces = [];
    [1, 2, 4, 8].forEach(function (width, bucket) {
      [[COOP, function (p) { return p.score > 0; }], [CONFLICT, function (p) { return p.score < 0; }],
       [NEUTRAL, function (p) { return p.score === 0; }]].forEach(function (kind) {
        var x = [], y = [];
        edges.forEach(function (p) {
          var b = p.count >= 8 ? 3 : p.count >= 4 ? 2 : p.count >= 2 ? 1 : 0;
          if (b !== bucket || !kind[1](p)) return;
          x.push(pos[p.a].x, pos[p.b].x, null); y.push(pos[p.a].y, pos[p.b].y, null);
        });
        if (x.length) traces.push({x: x, y: y, mode: "lines", hoverinfo: "skip", showlegend: false,
                                   line: {color: kind[0], width: width}, opacity: 0.6, type: "scatter"});
      });
    });
    var connected = {};
    edges.forEach(function (p) { connected[p.a] = connected[p.b] = true; });
    var nodes = data.actors.filter(function (a) { return connected[a.id]; });
    var size = function (a) { return 8 + 3 * Math.sqrt(a.mentions); };
    var nx = nodes.map(function (a) { return a.x; }), ny = nodes.map(function (a) { return a.y; });
    var padX = 0.05 * (Math.max.apply(null, nx) - Math.min.apply(null, nx) || 1), padY = 0.05 * (Math.max.apply(null, ny) - Math.min.apply(null, ny) || 1);
    var labels = V.placeLabels(nodes.map(function (a) { return {x: a.x, y: a.y, text: a.id, size: size(a)}; }),
      {x0: Math.min.apply(null, nx) - padX, x1: Math.max.apply(null, nx) + padX, y0: Math.min.apply(null, ny) - padY,
       y1: Math.max.apply(null, ny) + padY, width: ($("net-plot").clientWidth || 1200) - 20, height: 500});
    traces.push({
      type: "scatter", mode: "markers+text", x: nodes.map(function (a) { return a.x; }),
      y: nodes.map(function (a) { return a.y; }), text: nodes.map(function (a) { return esc(a.id); }),
      textposition: labels, customdata: nodes.map(function (a) { return a.id; }),
      hovertext: nodes.map(function (a) { return esc(a.name) + " (" + a.mentions + " mentions)"; }),
      hoverinfo: "text", showlegend: false,
      marker: {size: nodes.map(size),
               color: nodes.map(function (a) { return a.resolved ? "#4575b4" : "#bbbbbb"; }),
               line: {color: "#ffffff", width: 1}}
    });
    $("net-count").textContent = nodes.length + " actors, " + edges.length + " relations";
    var axis = {visible: false, zeroline: false};
    Plotly.react("net-plot", traces, {margin: {l: 10, r: 10, t: 10, b: 10}, xaxis: axis, yaxis: axis,
                                      hovermode: "closest", height: 520}, PLOT_CONFIG);
  }
  function setupNetwork() {
    if (data.period) {
      ["net-from", "net-to"].forEach(function (id) { $(id).min = data.period[0]; $(id).max = data.period[1]; });
    }
    $("net-from").addEventListener("change", drawNetwork);
    $("net-to").addEventListener("change", drawNetwork);
    $("net-reset").addEventListener("click", function () { $("net-from").value = ""; $("net-to").value = ""; drawNetwork(); });
    drawNetwork();
    $("net-plot").on("plotly_click", function (ev) {
      var id = ev.points[0].customdata;
      if (id) filterEvidence(id);
    });
  }

  /* ---- forecast ---- */
  var forecasts = data.forecasts;
  function modelLabel(name) { return name.replace(/^detente\./, "").replace(/\.v\d+$/, ""); }
  function fillModels(select, list) {
    clear(select);
    list.forEach(function (f, i) { var o = el("option", modelLabel(f.model)); o.value = String(i); select.appendChild(o); });
  }
  function forecastCell(issue) {
    var q = issue.quantiles;
    return fmt(issue.forecast) + (q ? " (" + fmt(q.q05, 0) + "–" + fmt(q.q95, 0) + ")" : "");
  }
  function drawForecastTable(table, list, labels) {
    clear(table);
    if (!list.length) return;
    var head = el("tr");
    head.appendChild(el("th", "issue"));
    list.forEach(function (f, i) { head.appendChild(el("th", labels ? labels[i] : modelLabel(f.model))); });
    var compare = labels && list.length === 2;  /* the what-if table: before, after and the change */
    if (compare) head.appendChild(el("th", "change"));
    var baselines = labels ? [] : ((list[0].issues[0] || {}).context || {baselines: []}).baselines;
    baselines.forEach(function (b) { head.appendChild(el("th", b.name, "baseline")); });
    table.appendChild(head);
    list[0].issues.forEach(function (issue, k) {
      var row = el("tr");
      var name = el("td", issue.name), context = issue.context || {warnings: []};
      name.title = issue.id;
      if (context.warnings.length) {
        var flag = el("span", " ⚠ " + context.dominant + " holds over half the weight", "warning-flag");
        flag.title = context.warnings.join("\n");
        name.appendChild(flag);
      }
      row.appendChild(name);
      list.forEach(function (f) {
        var cell = el("td", forecastCell(f.issues[k]), "num");
        cell.setAttribute("data-issue", issue.id);
        cell.setAttribute("data-value", String(f.issues[k].forecast));
        row.appendChild(cell);
      });
      if (compare) {
        var change = list[1].issues[k].forecast - list[0].issues[k].forecast;
        var moved = el("td", (change > 0 ? "+" : change < 0 ? "−" : "±") + fmt(Math.abs(change)), "num change");
        moved.setAttribute("data-issue", issue.id);
        if (Math.abs(change) >= 0.05) moved.className += change > 0 ? " up" : " down";
        row.appendChild(moved);
      }
      baselines.forEach(function (_, b) {
        var base = ((list[0].issues[k].context || {}).baselines || [])[b];
        row.appendChild(el("td", base ? fmt(base.value) : "—", "num baseline"));
      });
      table.appendChild(row);
    });
  }
  function drawForecastPlots(f) {
    var box = $("fc-plots");
    clear(box);
    f.issues.forEach(function (issue, k) {
      var div = el("div", null, "forecast-issue");
      div.appendChild(el("h3", issue.name + ": " + fmt(issue.forecast) + " (" + issue.rounds + " rounds, " + issue.stop_reason + ")"));
      var scale = issue.scale, label = [scale.low_label, scale.high_label].filter(Boolean);
      if (label.length) div.appendChild(el("p", scale.low + " = " + (scale.low_label || "") + " · " + scale.high + " = " + (scale.high_label || ""), "muted"));
      div.appendChild(V.forecastContext(issue));
      var row = el("div", null, "pair");
      var traj = el("div", null, "plot half"), hist = el("div", null, "plot half");
      traj.id = "fc-traj-" + k; hist.id = "fc-hist-" + k;
      row.appendChild(traj); row.appendChild(hist); div.appendChild(row); box.appendChild(div);
      var states = f.positions.length, traces = [], colours = V.palette(f.actors.length);
      f.actors.forEach(function (actor, a) {
        var y = [];
        for (var t = 0; t < states; t++) y.push(f.positions[t][a][k]);
        traces.push({type: "scatter", mode: states > 1 ? "lines" : "markers", name: esc(actor), x: y.map(function (_, t) { return t; }),
                     y: y, line: {width: 1.5, color: colours[a], dash: ["solid", "dash", "dot"][Math.floor(a / 10) % 3]},
                     marker: {color: colours[a], size: 8}, hovertemplate: esc(actorName(actor)) + ": %{y:.1f}<extra></extra>"});
      });
      var path = issue.median_path || issue.mean_path;
      traces.push({type: "scatter", mode: "lines+markers", name: "forecast",
                   x: path ? path.map(function (_, t) { return t; }) : [0, Math.max(states - 1, 1)],
                   y: path ? path : [issue.forecast, issue.forecast], line: {width: 4, color: "#000000"}});
      Plotly.react(traj.id, traces, {title: {text: "positions by round"}, height: 340, margin: {l: 40, r: 10, t: 40, b: 40},
                                     xaxis: {title: {text: "round"}}, yaxis: {range: [scale.low, scale.high]}}, PLOT_CONFIG);
      if (issue.distribution) {
        var h = issue.distribution.histogram, mids = [];
        for (var i = 0; i < h.counts.length; i++) mids.push((h.edges[i] + h.edges[i + 1]) / 2);
        Plotly.react(hist.id, [{type: "bar", x: mids, y: h.counts, marker: {color: "#4575b4"}, name: "runs"}], {
          title: {text: "Monte Carlo: " + issue.distribution.runs + " runs"}, height: 340, bargap: 0.05,
          margin: {l: 40, r: 10, t: 40, b: 40}, xaxis: {range: [scale.low, scale.high], title: {text: "outcome"}}
        }, PLOT_CONFIG);
      } else {
        hist.appendChild(el("p", "No Monte Carlo distribution (one run).", "muted"));
      }
    });
  }
  function drawForecast() {
    if (!forecasts.length) {
      $("fc-scenario").textContent = "No scenario given: run the report with --scenario FILE to add forecasts.";
      return;
    }
    $("fc-scenario").textContent = "scenario: " + (forecasts[0].scenario || "");
    drawForecastTable($("fc-table"), forecasts);
    var select = $("fc-model");
    fillModels(select, forecasts);
    select.onchange = function () { drawForecastPlots(forecasts[Number(select.value)]); };
    drawForecastPlots(forecasts[0]);
  }

  /* ---- the dashboard: what-if and uploads (dashboard.js), corrections (corrections.js), review and alerts
     (review.js), given what they need ---- */
  function reload(view) { data = view; forecasts = data.forecasts; E.reset(); drawAll(); }
  function dashboardApp() {
    return {el: el, clear: clear, $: $, fmt: fmt, data: function () { return data; }, forecasts: function () { return forecasts; },
            setForecasts: function (list) { forecasts = list; }, drawForecastTable: drawForecastTable,
            drawForecastPlots: drawForecastPlots, drawForecast: drawForecast, fillModels: fillModels, reload: reload,
            evidence: E, actorName: actorName};
  }

  function drawAll() {
    drawSummary();
    drawNetwork();
    T.draw();
    M.draw();
    drawForecast();
    V.drawBacktest(data);
    V.drawScenario(data);
    E.draw();
    E.drawDocuments();
    dashboardViews.forEach(function (view) { if (view.draw) view.draw(); });
  }

  var dashboardViews = [];
  if (dashboard) {
    var app = dashboardApp(), D = window.detenteDashboard(app);
    app.api = D.api;
    var C = window.detenteCorrections(app);
    dashboardViews = [D, C, window.detenteReview(app, C)];
  }
  drawSummary();
  setupNetwork();
  T.draw();
  M.draw();
  drawForecast();
  V.drawBacktest(data);
  V.drawScenario(data);
  E.setup();
  dashboardViews.forEach(function (view) { view.setup(); });
  E.draw();
  E.drawDocuments();
  E.onHash();
  document.body.setAttribute("data-ready", "1");
})();
