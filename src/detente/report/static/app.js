/* detente report and dashboard: draws every view from the JSON view model in #payload.
   Article text is untrusted: it only ever reaches the page through textContent, and through Plotly only after
   esc() (Plotly reads a few HTML-like tags in labels). Nothing here fetches anything in the report; the
   dashboard talks to its own origin only. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("payload").textContent);
  var dashboard = document.body.getAttribute("data-mode") === "dashboard";
  var PLOT_CONFIG = {displaylogo: false, responsive: true, modeBarButtonsToRemove: ["sendDataToCloud"]};
  var COOP = "#1a9850", CONFLICT = "#d73027", NEUTRAL = "#888888";
  /* red for conflict, green for cooperation (plotly.js has no built-in "RdYlGn": it silently fell back to its own) */
  var INTENSITY = [[0, "#a50026"], [0.25, "#f46d43"], [0.5, "#ffffbf"], [0.75, "#66bd63"], [1, "#006837"]];
  var evidenceFilter = "";

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
  var V = null;  /* the views of views.js, made once the helpers exist */
  function fmt(value, digits) { return value == null ? "—" : Number(value).toFixed(digits == null ? 1 : digits); }
  function wrap(text, width) {
    var words = String(text).split(/\s+/), lines = [], line = "";
    words.forEach(function (w) {
      if ((line + " " + w).length > width && line) { lines.push(line); line = w; } else { line = line ? line + " " + w : w; }
    });
    if (line) lines.push(line);
    return lines.slice(0, 6).map(esc).join("<br>");
  }

  V = window.detenteViews({el: el, clear: clear, fmt: fmt, esc: esc, $: $, PLOT_CONFIG: PLOT_CONFIG,
                           modelLabel: function (name) { return modelLabel(name); }});

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
      if (id) { $("ev-filter").value = id; evidenceFilter = id.toLowerCase(); drawEvidence(); location.hash = "#evidence"; }
    });
  }

  /* ---- timeline: the axis opens on the main period; stray dates are marked at its edges ---- */
  var timelineAll = false, timelineBound = false;
  function drawTimeline() {
    var dated = data.events.filter(function (e) { return e.date; });
    function trace(fact) {
      var rows = dated.filter(function (e) { return e.fact === fact; });
      return {
        type: "scatter", mode: "markers", name: fact ? "reported as fact" : "negated, hypothetical or claimed",
        x: rows.map(function (e) { return e.date; }), y: rows.map(function (e) { return e.type; }),
        customdata: rows.map(function (e) { return data.events.indexOf(e); }),
        hovertext: rows.map(function (e) {
          return "<b>" + esc(e.type) + "</b> " + esc(e.source.join(", ")) + " → " + esc(e.target.join(", ")) +
            " (" + e.date + ")<br>" + wrap(e.sentence, 80);
        }),
        hoverinfo: "text",
        marker: {size: 10, symbol: fact ? "circle" : "circle-open", color: rows.map(function (e) { return e.score || 0; }),
                 colorscale: INTENSITY, cmin: -10, cmax: 10, showscale: fact, line: {width: fact ? 0.5 : 2},
                 colorbar: {title: {text: "intensity"}, thickness: 12}}
      };
    }
    var win = data.timeline, annotations = [], note = $("timeline-outliers");
    clear(note);
    if (win && win.outliers.length && !timelineAll) {
      [["before", function (o) { return o.date < win.range[0]; }, 0, "left", "◀ "],
       ["after", function (o) { return o.date > win.range[1]; }, 1, "right", ""]].forEach(function (side) {
        var out = win.outliers.filter(side[1]), n = 0;
        out.forEach(function (o) { n += o.events; });
        if (!n) return;
        var years = out.map(function (o) { return o.date.slice(0, 4); }).filter(function (y, i, all) { return all.indexOf(y) === i; });
        annotations.push({xref: "paper", yref: "paper", x: side[2], y: 1.0, xanchor: side[3], yanchor: "bottom", showarrow: false,
                          text: side[4] + n + " event" + (n > 1 ? "s" : "") + " in " + years.join(", ") + (side[4] ? "" : " ▶"),
                          font: {color: "#b2261a", size: 12}, bgcolor: "#fdecea"});
      });
      note.appendChild(el("span", "Outside the axis: " + win.outliers.map(function (o) { return o.date + " (" + o.events + ")"; }).join(", ") + ". "));
    }
    if (win && win.outliers.length) {
      var toggle = el("button", timelineAll ? "Show the main period" : "Show all dates");
      toggle.type = "button"; toggle.id = "timeline-toggle";
      toggle.addEventListener("click", function () { timelineAll = !timelineAll; drawTimeline(); });
      note.appendChild(toggle);
    }
    var xaxis = win && !timelineAll ? {type: "date", range: win.range} : {type: "date", autorange: true};
    Plotly.react("timeline-plot", [trace(true), trace(false)], {
      margin: {l: 110, r: 20, t: 24, b: 40}, height: 420, hovermode: "closest", annotations: annotations, xaxis: xaxis,
      legend: {orientation: "h", y: -0.15}, yaxis: {type: "category", categoryorder: "category ascending"}
    }, PLOT_CONFIG);
    if (timelineBound) return;
    timelineBound = true;
    $("timeline-plot").on("plotly_click", function (ev) {
      var e = data.events[ev.points[0].customdata];
      if (e) openDocument(e.doc, e.s0, e.s1);
    });
  }

  /* ---- map ---- */
  var mapAll = false, mapBound = false;
  function mapFrame(bb, width, height) {  /* the pixels the map's axes take, their aspect kept (scaleanchor) */
    var stretch = 1 / Math.cos((bb[1] + bb[3]) / 2 * Math.PI / 180), dx = bb[2] - bb[0], dy = (bb[3] - bb[1]) * stretch;
    var k = Math.min(width / dx, height / dy);
    return {x0: bb[0], x1: bb[2], y0: bb[1], y1: bb[3], width: k * dx, height: k * dy};
  }
  function drawMap() {
    if (!data.basemap) { $("map-plot").textContent = "No event has a place with coordinates."; return; }
    var bb = (!mapAll && data.basemap.focus) || data.basemap.bbox, lon = [], lat = [];
    data.basemap.countries.forEach(function (c) {
      c.lon.forEach(function (ring, i) { lon.push.apply(lon, ring); lon.push(null); lat.push.apply(lat, c.lat[i]); lat.push(null); });
    });
    var places = data.places.filter(function (p) { return p.events && p.lat != null; });
    var placeSize = function (p) { return 6 + 4 * Math.sqrt(p.events); };
    var outside = places.filter(function (p) { return p.lon < bb[0] || p.lon > bb[2] || p.lat < bb[1] || p.lat > bb[3]; });
    var note = $("map-outside");
    clear(note);
    if (outside.length) {  /* far-off places (where talks were held) are named, and one click shows them */
      note.appendChild(el("span", "Outside this view: " + outside.map(function (p) { return p.name + " (" + p.events + ")"; }).join(", ") + ". "));
    }
    if (data.basemap.focus && (outside.length || mapAll)) {
      var toggle = el("button", mapAll ? "Show the theatre" : "Show every place");
      toggle.type = "button"; toggle.id = "map-toggle";
      toggle.addEventListener("click", function () { mapAll = !mapAll; drawMap(); });
      note.appendChild(toggle);
    }
    var mapLabels = V.placeLabels(places.map(function (p) { return {x: p.lon, y: p.lat, text: p.name, size: placeSize(p)}; }),
      mapFrame(bb, ($("map-plot").clientWidth || 1200) - 50, 520));
    var traces = [
      {type: "scatter", mode: "lines", x: lon, y: lat, line: {color: "#9a9a9a", width: 1}, hoverinfo: "skip",
       showlegend: false, fill: "none"},
      {type: "scatter", mode: "markers+text", x: places.map(function (p) { return p.lon; }),
       y: places.map(function (p) { return p.lat; }), text: places.map(function (p) { return esc(p.name); }),
       textposition: mapLabels, customdata: places.map(function (p) { return p.name; }),
       hovertext: places.map(function (p) { return esc(p.name) + ": " + p.events + " events, " + p.mentions + " mentions"; }),
       hoverinfo: "text", showlegend: false,
       marker: {size: places.map(placeSize), color: "#d73027", opacity: 0.7}}
    ];
    var mid = (bb[1] + bb[3]) / 2 * Math.PI / 180;
    Plotly.react("map-plot", traces, {
      margin: {l: 40, r: 10, t: 10, b: 30}, height: 560, hovermode: "closest", plot_bgcolor: "#eef4f8",
      xaxis: {range: [bb[0], bb[2]], title: {text: "longitude"}, showgrid: false},
      yaxis: {range: [bb[1], bb[3]], scaleanchor: "x", scaleratio: 1 / Math.cos(mid), title: {text: "latitude"},
              showgrid: false}
    }, PLOT_CONFIG);
    if (mapBound) return;
    mapBound = true;
    $("map-plot").on("plotly_click", function (ev) {
      var name = ev.points[0].customdata;
      if (name) { $("ev-filter").value = name; evidenceFilter = name.toLowerCase(); drawEvidence(); location.hash = "#evidence"; }
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

  /* ---- evidence and documents ---- */
  function evidenceRows() {
    var rows = [];
    data.events.forEach(function (e) {
      rows.push({date: e.date, what: e.type + (e.mode ? " / " + e.mode : "") + (e.flags.length ? " [" + e.flags.join(", ") + "]" : ""),
                 who: e.source.join(", ") + " → " + e.target.join(", "), sentence: e.sentence, doc: e.doc, s0: e.s0, s1: e.s1,
                 place: e.place_name || ""});
    });
    data.stated.forEach(function (r) {
      rows.push({date: r.date, what: "stated: " + r.kind, who: r.source + " → " + r.target, sentence: r.sentence,
                 doc: r.doc, s0: r.s0, s1: r.s1, place: ""});
    });
    if (data.scenario) {
      data.scenario.cells.forEach(function (c) {
        c.evidence.forEach(function (ev) {
          rows.push({date: ev.date || "", what: "scenario: " + c.field + (c.issue ? " on " + c.issue : "") + " = " + fmt(c.value),
                     who: c.actor, sentence: ev.sentence, doc: ev.doc, s0: ev.s0, s1: ev.s1, place: ""});
        });
      });
    }
    return rows;
  }
  var allEvidence = null;
  function drawEvidence() {
    allEvidence = allEvidence || evidenceRows();
    var table = $("ev-table"), shown = 0, limit = 1000;
    clear(table);
    var head = el("tr");
    ["date", "what", "who", "place", "sentence", ""].forEach(function (h) { head.appendChild(el("th", h)); });
    table.appendChild(head);
    var matching = allEvidence.filter(function (r) {
      return !evidenceFilter || (r.what + " " + r.who + " " + r.sentence + " " + r.place).toLowerCase().indexOf(evidenceFilter) >= 0;
    });
    matching.slice(0, limit).forEach(function (r) {
      var row = el("tr");
      row.appendChild(el("td", r.date || "—"));
      row.appendChild(el("td", r.what));
      row.appendChild(el("td", r.who));
      row.appendChild(el("td", r.place));
      row.appendChild(el("td", r.sentence, "sentence"));
      var cell = el("td");
      if (r.doc) {
        var link = el("a", "open");
        link.href = "#doc=" + encodeURIComponent(r.doc) + "&s=" + r.s0 + "-" + r.s1;
        link.className = "open-link";
        cell.appendChild(link);
      }
      row.appendChild(cell);
      table.appendChild(row);
      shown += 1;
    });
    $("ev-count").textContent = matching.length + " rows" + (matching.length > limit ? " (first " + limit + " shown)" : "");
  }
  function drawDocumentList() {
    var list = $("doc-list");
    clear(list);
    data.documents.forEach(function (d) {
      var item = el("li"), link = el("a", (d.published || "undated") + " · " + (d.title || d.path));
      link.href = "#doc=" + encodeURIComponent(d.id);
      item.appendChild(link);
      list.appendChild(item);
    });
  }
  function openDocument(id, s0, s1) {
    var d = null;
    data.documents.forEach(function (x) { if (x.id === id) d = x; });
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
    if (match) openDocument(decodeURIComponent(match[1]), match[2], match[3]);
  }

  /* ---- the dashboard's what-if and uploads: dashboard.js, given what it needs ---- */
  function reload(view) { data = view; forecasts = data.forecasts; allEvidence = null; drawAll(); }
  function dashboardApp() {
    return {el: el, clear: clear, $: $, data: function () { return data; }, forecasts: function () { return forecasts; },
            setForecasts: function (list) { forecasts = list; }, drawForecastTable: drawForecastTable,
            drawForecastPlots: drawForecastPlots, drawForecast: drawForecast, fillModels: fillModels, reload: reload};
  }

  function drawAll() {
    drawSummary();
    drawNetwork();
    drawTimeline();
    drawMap();
    drawForecast();
    V.drawBacktest(data);
    V.drawScenario(data);
    drawEvidence();
    drawDocumentList();
    if (D) D.drawEditor();
  }

  var D = dashboard ? window.detenteDashboard(dashboardApp()) : null;
  drawSummary();
  setupNetwork();
  drawTimeline();
  drawMap();
  drawForecast();
  V.drawBacktest(data);
  V.drawScenario(data);
  drawEvidence();
  drawDocumentList();
  $("ev-filter").addEventListener("input", function () { evidenceFilter = $("ev-filter").value.toLowerCase(); drawEvidence(); });
  window.addEventListener("hashchange", onHash);
  if (D) D.setup();
  onHash();
  document.body.setAttribute("data-ready", "1");
})();
