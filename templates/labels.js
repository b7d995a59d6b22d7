/* Names on the map, offline: every stop's name, the named rail lines beside their line,
 * and the countries, seas and largest cities of the view, in that order of priority.
 * A greedy collision pass places each where it overlaps no label placed before it, no
 * marker and no control; what does not fit is left out at this zoom (a stop always gets
 * its least-bad place). Hand-written rather than a library: Leaflet's tooltips have no
 * placement step, and the pass is about a hundred lines.
 *
 * journey.js calls window.journeyLabels(map, data, container, el) and gets back
 * makeStopLabels(), overflow(), place(), addPlaceLabels(lineLatLngs) and drawn() (the
 * labels drawn now as {text, kind, x, y, w, h} in map-container pixels). */
(function () {
  "use strict";

  window.journeyLabels = function (map, data, container, el) {
    var labelPane = map.createPane("journey-labels");
    labelPane.style.zIndex = 450;            // over the route, under the markers
    labelPane.style.pointerEvents = "none";
    labelPane.classList.add("leaflet-zoom-hide");  // hidden while a zoom animates
    var stopLabels = [], lineLabels = [], placeLabelsList = [], placed = [];
    var GAP = 3;

    function makeLabel(text, kind) {
      var node = el("div", text, "map-label map-label-" + kind);
      node.setAttribute("aria-hidden", "true");  // the stop list and the markers say it
      node.style.visibility = "hidden";
      labelPane.appendChild(node);
      return { text: text, kind: kind, node: node, w: 0, h: 0, x: 0, y: 0, shown: false,
        box: function () {
          var p = map.layerPointToContainerPoint([this.x, this.y]);
          return { text: this.text, kind: this.kind, x: Math.round(p.x), y: Math.round(p.y),
                   w: this.w, h: this.h };
        } };
    }
    function measure(list) {
      list.forEach(function (l) { l.w = l.node.offsetWidth; l.h = l.node.offsetHeight; });
    }

    function makeStopLabels() {
      var seen = {};
      data.stops.forEach(function (s, i) {
        if (seen[s.marker] !== undefined) return;
        seen[s.marker] = i;
        var l = makeLabel(s.name, "stop");
        l.stop = i;
        stopLabels.push(l);
      });
      measure(stopLabels);
    }

    function rectOf(x, y, w, h) { return { x: x, y: y, w: w, h: h }; }
    function hits(a, b) {
      return a.x < b.x + b.w + GAP && b.x < a.x + a.w + GAP && a.y < b.y + b.h + GAP && b.y < a.y + a.h + GAP;
    }
    function overlapArea(a, b) {
      var w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      var h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      return w > 0 && h > 0 ? w * h : 0;
    }
    // As journey.js sizes a marker: "1·5" is wider than "2".
    function markerWidth(i) {
      var text = data.stops.map(function (s, k) { return s.marker === data.stops[i].marker ? String(k + 1) : ""; })
        .filter(Boolean).join("·");
      return Math.max(24, 14 + 8 * text.length);
    }
    // Obstacles in container pixels: markers, the moving marker, controls over the map.
    function obstacles() {
      var out = [];
      var done = {};
      data.stops.forEach(function (s, i) {
        if (done[s.marker]) return;
        done[s.marker] = true;
        var p = map.latLngToContainerPoint([data.stops[s.marker].lat, data.stops[s.marker].lon]);
        var w = markerWidth(i);
        out.push(rectOf(p.x - w / 2, p.y - 12, w, 24));
      });
      var m = container.getBoundingClientRect();
      var nodes = container.querySelectorAll(".leaflet-control, .journey-train");
      var extra = document.querySelectorAll(".journey-timeline, .journey-drawer-toggle, .journey-title, " +
        ".journey-credits, .journey-static .journey-side");
      Array.prototype.concat.call([], Array.prototype.slice.call(nodes), Array.prototype.slice.call(extra))
        .forEach(function (node) {
          var b = node.getBoundingClientRect();
          if (b.width && b.height) out.push(rectOf(b.left - m.left, b.top - m.top, b.width, b.height));
        });
      return out;
    }
    function inside(r, size) { return r.x >= 2 && r.y >= 2 && r.x + r.w <= size.x - 2 && r.y + r.h <= size.y - 2; }
    function free(r, taken) {
      for (var k = 0; k < taken.length; k++) if (hits(r, taken[k])) return false;
      return true;
    }

    // Where a stop's name may go around its marker: right, left, above, below, corners.
    function stopCandidates(l, p, mw) {
      var dx = mw / 2 + 4, w = l.w, h = l.h;
      return [
        rectOf(p.x + dx, p.y - h / 2, w, h), rectOf(p.x - dx - w, p.y - h / 2, w, h),
        rectOf(p.x - w / 2, p.y - 14 - h, w, h), rectOf(p.x - w / 2, p.y + 14, w, h),
        rectOf(p.x + dx - 4, p.y - 12 - h, w, h), rectOf(p.x + dx - 4, p.y + 12, w, h),
        rectOf(p.x - dx - w + 4, p.y - 12 - h, w, h), rectOf(p.x - dx - w + 4, p.y + 12, w, h)
      ];
    }
    function placeStops(taken, size) {
      var out = [];
      stopLabels.forEach(function (l) {
        var s = data.stops[l.stop];
        var p = map.latLngToContainerPoint([s.lat, s.lon]);
        var cands = stopCandidates(l, p, markerWidth(l.stop));
        var best = null, bestCost = Infinity;
        cands.forEach(function (r, k) {
          var cost = k * 0.01;  // prefer the earlier places when all else is equal
          taken.concat(out.map(function (o) { return o.r; })).forEach(function (t) {
            cost += overlapArea(rectOf(r.x - GAP, r.y - GAP, r.w + 2 * GAP, r.h + 2 * GAP), t) + (hits(r, t) ? 1 : 0);
          });
          if (!inside(r, size)) cost += 10000;
          if (cost < bestCost) { bestCost = cost; best = r; }
        });
        out.push({ l: l, r: best });
      });
      return out;
    }
    // How far the stop names stick out past the map's edges at this view.
    function labelOverflow() {
      var size = map.getSize();
      var out = { top: 0, right: 0, bottom: 0, left: 0 };
      placeStops([], size).forEach(function (o) {
        out.left = Math.max(out.left, 4 - o.r.x);
        out.top = Math.max(out.top, 4 - o.r.y);
        out.right = Math.max(out.right, o.r.x + o.r.w - size.x + 4);
        out.bottom = Math.max(out.bottom, o.r.y + o.r.h - size.y + 4);
      });
      return out;
    }

    function show(l, r) {
      var lp = map.containerPointToLayerPoint([r.x, r.y]);
      l.x = lp.x; l.y = lp.y;
      l.node.style.transform = "translate(" + Math.round(lp.x) + "px," + Math.round(lp.y) + "px)";
      l.node.style.visibility = "visible";
      l.shown = true;
      placed.push(l);
    }

    // A line's name beside it: at a few points along the part in view, offset across the
    // line, where it hides nothing.
    function placeLine(l, taken, size) {
      var pts = l.latlngs.map(function (ll) { return map.latLngToContainerPoint(ll); });
      // A name longer than its line would sit beside something else: left out at this zoom.
      var xs = pts.map(function (p) { return p.x; }), ys = pts.map(function (p) { return p.y; });
      var reach = Math.max(Math.max.apply(null, xs) - Math.min.apply(null, xs),
                           Math.max.apply(null, ys) - Math.min.apply(null, ys));
      if (!pts.length || l.w > 1.2 * reach) return null;
      var spots = [0.5, 0.38, 0.62, 0.26, 0.74, 0.15, 0.85];
      for (var k = 0; k < spots.length; k++) {
        var j = Math.floor(spots[k] * (pts.length - 1));
        var a = pts[Math.max(0, j - 3)], b = pts[Math.min(pts.length - 1, j + 3)], p = pts[j];
        var flat = Math.abs(b.x - a.x) >= Math.abs(b.y - a.y);
        var sides = flat ? [rectOf(p.x - l.w / 2, p.y - 7 - l.h, l.w, l.h), rectOf(p.x - l.w / 2, p.y + 7, l.w, l.h)]
          : [rectOf(p.x + 7, p.y - l.h / 2, l.w, l.h), rectOf(p.x - 7 - l.w, p.y - l.h / 2, l.w, l.h)];
        for (var q = 0; q < sides.length; q++) {
          if (inside(sides[q], size) && free(sides[q], taken)) return sides[q];
        }
      }
      return null;
    }

    // Cities thin out as the map zooms out: the smaller ones only closer in.
    function cityMinRank(zoom) {
      return zoom >= 7 ? 0 : zoom >= 6 ? 1e6 : zoom >= 5 ? 2e6 : zoom >= 4 ? 4e6 : 8e6;
    }

    function placeLabels() {
      var size = map.getSize();
      placed.forEach(function (l) { l.node.style.visibility = "hidden"; l.shown = false; });
      placed = [];
      var taken = obstacles();
      placeStops(taken, size).forEach(function (o) { show(o.l, o.r); taken.push(o.r); });
      lineLabels.forEach(function (l) {
        var r = placeLine(l, taken, size);
        if (r) { show(l, r); taken.push(r); }
      });
      var minCity = cityMinRank(map.getZoom());
      placeLabelsList.forEach(function (l) {
        if (l.kind === "city" && l.rank < minCity) return;
        if (l.kind === "country" && map.getZoom() > 7) return;
        var p = map.latLngToContainerPoint(l.latlng);
        var r = l.kind === "city" ? rectOf(p.x - 4, p.y - l.h / 2, l.w, l.h)  // its dot on the place
          : rectOf(p.x - l.w / 2, p.y - l.h / 2, l.w, l.h);
        if (inside(r, size) && free(r, taken)) { show(l, r); taken.push(r); }
      });
    }

    function addPlaceLabels(contextLatLngs) {
      var made = [];
      (data.context_lines || []).forEach(function (line, i) {
        var l = makeLabel(line.name, "line");
        l.latlngs = contextLatLngs[i];
        lineLabels.push(l);
        made.push(l);
      });
      // Biggest first within a kind; countries, then seas, then cities.
      var order = { country: 0, sea: 1, city: 2 };
      (data.labels || []).slice().sort(function (a, b) {
        return (order[a[0]] - order[b[0]]) || (b[4] - a[4]);
      }).forEach(function (row) {
        var l = makeLabel(row[1], row[0]);
        l.latlng = [row[2], row[3]];
        l.rank = row[4];
        placeLabelsList.push(l);
        made.push(l);
      });
      measure(made);
      placeLabels();
      map.on("zoomend moveend resize", placeLabels);
    }

    return {
      makeStopLabels: makeStopLabels, overflow: labelOverflow, place: placeLabels,
      addPlaceLabels: addPlaceLabels,
      drawn: function () { return placed.map(function (l) { return l.box(); }); }
    };
  };
})();
