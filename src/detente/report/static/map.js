/* detente report and dashboard: the map of places with events. It opens on the theatre (the view model's
   ``basemap.focus``), names the places outside it (where talks were held) and shows them on request; labels do not
   overlap. A click on a place filters the evidence. Loaded before app.js, which calls window.detenteMap(helpers). */
(function () {
  "use strict";
  window.detenteMap = function (h) {
    var el = h.el, clear = h.clear, esc = h.esc, $ = h.$, PLOT_CONFIG = h.PLOT_CONFIG;
    var mapAll = false, mapBound = false;
    function mapFrame(bb, width, height) {  /* the pixels the map's axes take, their aspect kept (scaleanchor) */
      var stretch = 1 / Math.cos((bb[1] + bb[3]) / 2 * Math.PI / 180), dx = bb[2] - bb[0], dy = (bb[3] - bb[1]) * stretch;
      var k = Math.min(width / dx, height / dy);
      return {x0: bb[0], x1: bb[2], y0: bb[1], y1: bb[3], width: k * dx, height: k * dy};
    }
    function draw() {
      if (!h.data().basemap) { $("map-plot").textContent = "No event has a place with coordinates."; return; }
      var bb = (!mapAll && h.data().basemap.focus) || h.data().basemap.bbox, lon = [], lat = [];
      h.data().basemap.countries.forEach(function (c) {
        c.lon.forEach(function (ring, i) { lon.push.apply(lon, ring); lon.push(null); lat.push.apply(lat, c.lat[i]); lat.push(null); });
      });
      var places = h.data().places.filter(function (p) { return p.events && p.lat != null; });
      var placeSize = function (p) { return 6 + 4 * Math.sqrt(p.events); };
      var outside = places.filter(function (p) { return p.lon < bb[0] || p.lon > bb[2] || p.lat < bb[1] || p.lat > bb[3]; });
      var note = $("map-outside");
      clear(note);
      if (outside.length) {  /* far-off places (where talks were held) are named, and one click shows them */
        note.appendChild(el("span", "Outside this view: " + outside.map(function (p) { return p.name + " (" + p.events + ")"; }).join(", ") + ". "));
      }
      if (h.data().basemap.focus && (outside.length || mapAll)) {
        var toggle = el("button", mapAll ? "Show the theatre" : "Show every place");
        toggle.type = "button"; toggle.id = "map-toggle";
        toggle.addEventListener("click", function () { mapAll = !mapAll; draw(); });
        note.appendChild(toggle);
      }
      var mapLabels = h.V.placeLabels(places.map(function (p) { return {x: p.lon, y: p.lat, text: p.name, size: placeSize(p)}; }),
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
        if (name) h.filterEvidence(name);
      });
    }
    return {draw: draw};
  };
})();
