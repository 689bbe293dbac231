/* detente report and dashboard: the event timeline. Its axis opens on the main period (the view model's
   ``timeline`` window); stray dates are marked at its edges and one button shows them all. A click on a mark opens
   the event's sentence. Loaded before app.js, which calls window.detenteTimeline(helpers). */
(function () {
  "use strict";
  window.detenteTimeline = function (h) {
    var el = h.el, clear = h.clear, esc = h.esc, $ = h.$, PLOT_CONFIG = h.PLOT_CONFIG;
    /* red for conflict, green for cooperation (plotly.js has no built-in "RdYlGn": it silently fell back to its own) */
    var INTENSITY = [[0, "#a50026"], [0.25, "#f46d43"], [0.5, "#ffffbf"], [0.75, "#66bd63"], [1, "#006837"]];
    function wrap(text, width) {
      var words = String(text).split(/\s+/), lines = [], line = "";
      words.forEach(function (w) {
        if ((line + " " + w).length > width && line) { lines.push(line); line = w; } else { line = line ? line + " " + w : w; }
      });
      if (line) lines.push(line);
      return lines.slice(0, 6).map(esc).join("<br>");
    }
    var timelineAll = false, timelineBound = false;
    function draw() {
      var dated = h.data().events.filter(function (e) { return e.date; });
      function trace(fact) {
        var rows = dated.filter(function (e) { return e.fact === fact; });
        return {
          type: "scatter", mode: "markers", name: fact ? "reported as fact" : "negated, hypothetical or claimed",
          x: rows.map(function (e) { return e.date; }), y: rows.map(function (e) { return e.type; }),
          customdata: rows.map(function (e) { return h.data().events.indexOf(e); }),
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
      var win = h.data().timeline, annotations = [], note = $("timeline-outliers");
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
        toggle.addEventListener("click", function () { timelineAll = !timelineAll; draw(); });
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
        var e = h.data().events[ev.points[0].customdata];
        if (e) h.openDocument(e.doc, e.s0, e.s1);
      });
    }
    return {draw: draw};
  };
})();
