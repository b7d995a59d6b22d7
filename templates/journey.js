(function () {
  "use strict";
  var data = window.journeyData;
  var embedded = window.self !== window.top;
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var container = document.getElementById("journey-map");
  // The PNG (#static) is shot at "load": there everything is set up before the script ends.
  var staticMode = location.hash === "#static" ||
    document.documentElement.classList.contains("journey-static");
  // In an iframe the wheel belongs to the host page until the reader engages the map.
  var map = L.map(container, {
    zoomSnap: 0.25, scrollWheelZoom: !embedded, attributionControl: false,
    worldCopyJump: false, preferCanvas: false
  });

  // Google's encoded polyline format; precision is decimals (5 for the route).
  function decode(str, precision) {
    var factor = Math.pow(10, precision), i = 0, lat = 0, lon = 0, out = [];
    function next() {
      var shift = 0, result = 0, b;
      do {
        b = str.charCodeAt(i++) - 63;
        result |= (b & 31) << shift;
        shift += 5;
      } while (b >= 32);
      return (result & 1) ? ~(result >> 1) : (result >> 1);
    }
    while (i < str.length) {
      lat += next();
      lon += next();
      out.push([lat / factor, lon / factor]);
    }
    return out;
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  // Whole numbers grouped by hand: the first toLocaleString call loads the locale data,
  // tens of ms on the way to the first frame. Same text as toLocaleString("en").
  function grouped(n) {
    return Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",")
      : n.toLocaleString("en");
  }
  function fmtKm(n) { return grouped(n) + " km"; }

  // --- The route --------------------------------------------------------------------
  var bounds = L.latLngBounds([]);
  var legs = [];
  var drawOrder = [];
  // Planned legs first so the travelled ones, drawn after, stay on top where they overlap.
  var order = data.legs.map(function (leg, i) { return i; }).sort(function (a, b) {
    return (data.legs[b].planned - data.legs[a].planned) || (a - b);
  });
  order.forEach(function (i) {
    var leg = data.legs[i];
    var latlngs = decode(leg.line, data.route_precision);
    // A leg no rail line carries (sea, road, air, or a gap in the rail data) is a thinner
    // dotted arc, so it never passes for track.
    var layer = L.polyline(latlngs, {
      color: leg.planned ? "#7a4f00" : "#b3261e", weight: leg.on_rail ? (leg.planned ? 3 : 4) : 2.5,
      dashArray: leg.on_rail ? (leg.planned ? "7 7" : null) : "2 7", opacity: 0.95
    });
    drawOrder.push(layer);
    var from = data.stops[leg.from], to = data.stops[leg.to];
    layer.bindTooltip(el("span", from.name + " → " + to.name + ": " + fmtKm(leg.km) +
      (leg.planned ? " (planned)" : "") +
      (leg.on_rail ? (leg.approximate ? ", partly approximate: " + (leg.approximate_reason || "not on surveyed track") : "")
                   : " by " + leg.mode + ", drawn as a great-circle arc")), { sticky: true });
    legs[i] = { from: leg.from, to: leg.to, km: leg.km, planned: leg.planned, mode: leg.mode,
                latlngs: latlngs, layer: layer };
    bounds.extend(layer.getBounds());
  });
  data.stops.forEach(function (s) { bounds.extend([s.lat, s.lon]); });
  function fitRoute() { map.fitBounds(bounds, { padding: [24, 24], animate: false }); }

  // --- Stops ------------------------------------------------------------------------
  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // The sentence as text nodes with the place's names wrapped in <mark>: built from text,
  // never from HTML, so nothing in the article can become markup.
  function quoteNode(sentence, terms) {
    var q = el("blockquote");
    var words = terms.filter(function (t) { return t; }).map(escapeRegExp);
    if (!words.length) { q.textContent = sentence; return q; }
    var re = new RegExp("(" + words.join("|") + ")", "gi");
    var last = 0, m;
    while ((m = re.exec(sentence)) !== null) {
      if (m.index > last) q.appendChild(document.createTextNode(sentence.slice(last, m.index)));
      q.appendChild(el("mark", m[0]));
      last = m.index + m[0].length;
      if (m[0].length === 0) re.lastIndex += 1;
    }
    if (last < sentence.length) q.appendChild(document.createTextNode(sentence.slice(last)));
    return q;
  }

  function stopSection(i) {
    var stop = data.stops[i];
    var box = el("section", undefined, "journey-stop");
    box.appendChild(el("h2", (i + 1) + ". " + stop.name));
    var meta = [stop.role + (stop.planned ? ", planned" : "")];
    if (stop.date) meta.push(stop.date.replace("T", " "));
    if (i > 0) meta.push(fmtKm(stop.km_prev) + " from " + data.stops[i - 1].name);
    meta.push(fmtKm(stop.km) + " from the start");
    box.appendChild(el("p", meta.join(" · "), "meta"));
    if (stop.note) box.appendChild(el("p", stop.note, "note"));
    stop.quotes.forEach(function (q) { box.appendChild(quoteNode(q, stop.highlight)); });
    if (stop.quotes.length && data.credit) box.appendChild(el("p", data.credit, "credit"));
    if (stop.source) box.appendChild(el("p", "Source: " + stop.source, "source"));
    return box;
  }

  function popupFor(indices) {
    var box = el("div", undefined, "journey-popup");
    indices.forEach(function (i) { box.appendChild(stopSection(i)); });
    return box;
  }

  function openStop(i) {
    var marker = markers[i];
    if (!marker) return;
    marker.setPopupContent(popupFor([i]));
    marker.openPopup();
  }
  function flyTo(i) {
    var s = data.stops[i];
    if (!s) return;
    var zoom = Math.max(map.getZoom(), 5);
    if (reduceMotion) {
      map.setView([s.lat, s.lon], zoom, { animate: false });
      openStop(i);
      return;
    }
    // Opened mid-flight, the popup's own pan would fight the flight and end half off
    // screen; open it where the flight lands.
    map.once("moveend", function () { openStop(i); });
    map.flyTo([s.lat, s.lon], zoom, { duration: 0.6 });
  }

  var markers = [];
  var J = {
    stops: data.stops.map(function (s) {
      return { name: s.name, lat: s.lat, lon: s.lon, role: s.role, date: s.date, km: s.km };
    }),
    openStop: openStop, flyTo: flyTo, fitRoute: fitRoute,
    map: map, data: data, _legs: legs, _markers: markers
  };

  // What the reader comes for is drawn first: the view (final: the time line's control
  // fits it with room for itself, else fitRoute), the route and the stop markers. The rest
  // (basemap, tiles, the named line, places also mentioned, list buttons) follows once
  // that frame is on screen.
  if (staticMode || !startTimeline()) fitRoute();
  drawOrder.forEach(function (layer) { layer.addTo(map); });
  addMarkers();
  if (staticMode) settle(); else afterFirstPaint(settle);

  function startTimeline() {
    return typeof window.journeyTimeline === "function" && window.journeyTimeline(J) === true;
  }

  function afterFirstPaint(fn) {
    var done = false;
    function run() { if (!done) { done = true; fn(); } }
    // A frame callback runs just before that frame is painted; a task queued from it runs
    // after the paint.
    requestAnimationFrame(function () { setTimeout(run, 0); });
    // A hidden page (background tab, frame off screen) gets no frames: do not wait for one.
    setTimeout(run, 250);
  }

  function addMarkers() {
    var groups = {};
    data.stops.forEach(function (stop, i) {
      (groups[stop.marker] = groups[stop.marker] || []).push(i);
    });
    Object.keys(groups).map(Number).sort(function (a, b) { return a - b; }).forEach(function (g) {
      var members = groups[g], stop = data.stops[g];
      var nums = members.map(function (i) { return String(i + 1); });
      var label = (members.length > 1 ? "Stops " + nums.join(" and ") : "Stop " + nums[0]) + ": " + stop.name;
      var allPlanned = members.every(function (i) { return data.stops[i].planned; });
      var badge = el("span", nums.join("·"));
      var width = 14 + 8 * nums.join("·").length;
      var icon = L.divIcon({
        className: "stop-icon" + (allPlanned ? " stop-planned" : ""), html: badge,
        iconSize: [Math.max(24, width), 24]
      });
      var marker = L.marker([stop.lat, stop.lon], {
        icon: icon, title: label, keyboard: true, riseOnHover: true, zIndexOffset: 1000 - g
      }).addTo(map);
      // Built when the popup opens, not while the map is first drawn.
      function allVisits() { return popupFor(members); }
      marker.bindPopup(allVisits, { maxWidth: 320, autoPanPadding: [16, 16] });
      // A click on the marker shows every visit to the place; openStop(i) shows visit i.
      marker.on("click", function () { marker.setPopupContent(allVisits); });
      var node = marker.getElement();
      node.setAttribute("aria-label", label);
      node.setAttribute("aria-haspopup", "dialog");
      members.forEach(function (i) { markers[i] = marker; });
    });
  }

  function settle() {
    // --- Offline basemap (Natural Earth), under any tiles --------------------------------
    var bm = data.basemap;
    map.createPane("basemap").style.zIndex = 150;
    var bmRenderer = L.canvas({ pane: "basemap", padding: 0.25 });
    function rings(polys) {
      return polys.map(function (p) { return p.map(function (r) { return decode(r, bm.precision); }); });
    }
    // Coarser on-screen simplification than the route's: the basemap is backdrop, and
    // projecting and drawing it is most of the page's set-up time.
    var bmStyle = { renderer: bmRenderer, interactive: false, pane: "basemap", smoothFactor: 2 };
    L.polygon(rings(bm.land), L.extend({ stroke: false, fillColor: "#efeadf", fillOpacity: 1 }, bmStyle)).addTo(map);
    L.polygon(rings(bm.lakes), L.extend({ stroke: true, color: "#8fb3cc", weight: 0.6, fillColor: "#bcd6e8", fillOpacity: 1 }, bmStyle)).addTo(map);
    L.polyline(bm.borders.map(function (s) { return decode(s, bm.precision); }),
      L.extend({ color: "#857c69", weight: 1, opacity: 1 }, bmStyle)).addTo(map);

    // Tiles only when the browser says it is online: offline, a tile layer would only add
    // failed requests and console errors, and the vector basemap already shows the land.
    var tiles = null;
    function addTiles() {
      if (tiles || !data.tiles || !navigator.onLine) return;
      tiles = L.tileLayer(data.tiles.url, {
        subdomains: data.tiles.subdomains, maxZoom: data.tiles.max_zoom, crossOrigin: false
      });
      var failures = 0;
      tiles.on("tileerror", function () {
        failures += 1;
        if (failures >= 4 && tiles) { map.removeLayer(tiles); tiles = null; }
      });
      tiles.addTo(map);
    }
    addTiles();
    window.addEventListener("online", addTiles);

    // The whole named line (e.g. the Trans-Siberian), faint and labelled.
    data.context_lines.forEach(function (line) {
      var latlngs = decode(line.line, data.route_precision);
      var layer = L.polyline(latlngs, { color: "#6b6b6b", weight: 5, opacity: 0.25, interactive: false }).addTo(map);
      var label = el("span", line.name);
      L.tooltip({ permanent: true, direction: "center", className: "rail-label", interactive: false })
        .setLatLng(latlngs[Math.floor(latlngs.length / 2)]).setContent(label).addTo(map);
      layer.bringToBack();  // beneath the legs: they are the travelled part of it
    });

    // --- Places the article mentions but the journey does not stop at -------------------
    var contextLayer = L.layerGroup();
    data.context_places.forEach(function (p) {
      var m = L.circleMarker([p.lat, p.lon], {
        radius: 4, color: "#555", weight: 1, fillColor: "#fff", fillOpacity: 1
      });
      var box = el("div", undefined, "journey-popup");
      box.appendChild(el("h2", p.name));
      box.appendChild(el("p", "Mentioned in the article, not a stop", "meta"));
      box.appendChild(quoteNode(p.sentence, [p.text, p.name]));
      if (data.credit) box.appendChild(el("p", data.credit, "credit"));
      m.bindPopup(box, { maxWidth: 300 });
      m.bindTooltip(el("span", p.name));
      contextLayer.addLayer(m);
    });
    contextLayer.addTo(map);
    var toggle = document.getElementById("journey-context-toggle");
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked) contextLayer.addTo(map); else map.removeLayer(contextLayer);
      });
    }

    L.control.scale({ imperial: false, maxWidth: 120 }).addTo(map);

    Array.prototype.forEach.call(document.querySelectorAll("[data-stop]"), function (btn) {
      btn.addEventListener("click", function () { flyTo(Number(btn.getAttribute("data-stop"))); });
    });

    // Embedded: wheel zoom after a click or focus inside the map, or with ctrl held
    // (a trackpad pinch arrives as ctrl+wheel); it stops again when the pointer leaves.
    if (embedded) {
      var hint = el("div", "Click the map or hold Ctrl to zoom with the wheel", "wheel-hint");
      hint.setAttribute("aria-hidden", "true");
      container.appendChild(hint);
      var hintTimer = null;
      map.on("click focus", function () { map.scrollWheelZoom.enable(); });
      map.on("blur", function () { map.scrollWheelZoom.disable(); });
      container.addEventListener("mouseleave", function () { map.scrollWheelZoom.disable(); });
      container.addEventListener("wheel", function (e) {
        if (map.scrollWheelZoom.enabled()) return;
        if (e.ctrlKey) {
          e.preventDefault();
          var step = e.deltaY < 0 ? 1 : -1;
          map.setZoomAround(map.mouseEventToContainerPoint(e), map.getZoom() + step);
          return;
        }
        hint.className = "wheel-hint shown";
        clearTimeout(hintTimer);
        hintTimer = setTimeout(function () { hint.className = "wheel-hint"; }, 1200);
      }, { passive: false });
    }

    // Published last, so a script that sees window.journey finds the page complete; the
    // time line (timeline.js) has already added play/pause/seek/position to it.
    window.journey = J;
    startTimeline();  // a template that loads timeline.js after this script starts it here

    // Host pages that sandbox the iframe cannot reach window.journey; they may post
    // {journey: "flyTo", args: [1]} instead. Only these calls, only with numbers.
    var allowed = { openStop: 1, flyTo: 1, fitRoute: 1 };
    window.addEventListener("message", function (e) {
      var msg = e.data;
      if (!msg || typeof msg !== "object" || !allowed.hasOwnProperty(msg.journey)) return;
      var args = Array.isArray(msg.args) ? msg.args.filter(function (a) { return typeof a === "number"; }) : [];
      J[msg.journey].apply(null, args.slice(0, 1));
    });
  }
})();
