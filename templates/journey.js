(function () {
  "use strict";
  var data = window.journeyData;
  var embedded = window.self !== window.top;
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var container = document.getElementById("journey-map");
  // The PNG (#static) is shot at "load": there everything is set up before the script ends.
  var staticMode = location.hash === "#static" ||
    document.documentElement.classList.contains("journey-static");
  // Set before the first fit: the still image's layout (legend over the map) is the one
  // the route is fitted to.
  if (staticMode) document.documentElement.classList.add("journey-static");
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
  function plural(n, one, many) { return grouped(n) + " " + (n === 1 ? one : many); }

  // Words and moving-marker icons per leg mode. Icons are inline SVG paths (16 x 16):
  // no icon font, no request.
  var MODES = {
    rail: { words: "by rail", name: "Train",
      icon: "M4 1h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2l1.5 2h-1.8l-1.5-2H5.8l-1.5 2H2.5L4 13a2 2 0 0 1-2-2V3a2 2 0 0 1 2-2zM4 3v4h8V3zm1 6.3a1.1 1.1 0 1 0 0 2.2 1.1 1.1 0 0 0 0-2.2zm6 0a1.1 1.1 0 1 0 0 2.2 1.1 1.1 0 0 0 0-2.2z" },
    air: { words: "by air", name: "Plane",
      icon: "M8 .5c.8 0 1.2.9 1.2 1.8v4l5.8 3.4v1.6L9.2 9.5v3.2l1.6 1.2v1.3L8 14.4l-2.8.8v-1.3l1.6-1.2V9.5L1 11.3V9.7l5.8-3.4v-4C6.8 1.4 7.2.5 8 .5z" },
    sea: { words: "by sea", name: "Ship",
      icon: "M7 1h2v2h3v4l2.5 1-2 5.5c-1 .3-2 .5-3 .5H6.5c-1 0-2-.2-3-.5L1.5 8 4 7V3h3zM5.5 4.3v2.2L8 5.6l2.5.9V4.3z" },
    road: { words: "by road", name: "Car",
      icon: "M3.5 4h9l1.7 4H15v4h-1.6a1.8 1.8 0 0 1-3.5 0H6.1a1.8 1.8 0 0 1-3.5 0H1V8h.8zm1 1.3L3.4 8h9.2l-1.1-2.7z" },
    foot: { words: "on foot", name: "Walker",
      icon: "M8.5.5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3zM7 4.5h2.5l2 3.5-1.3.7L9 6.8l-.6 3 2.3 2.7V16H9.2v-3l-2-2.2L6.3 16H4.8l1.5-7.5-1 1V12H3.8V8.8z" },
    bicycle: { words: "by bicycle", name: "Bicycle",
      icon: "M3.5 8.5a3 3 0 1 0 0 6 3 3 0 0 0 0-6zm0 1.3a1.7 1.7 0 1 1 0 3.4 1.7 1.7 0 0 1 0-3.4zm9-1.3a3 3 0 1 0 0 6 3 3 0 0 0 0-6zm0 1.3a1.7 1.7 0 1 1 0 3.4 1.7 1.7 0 0 1 0-3.4zM6 4h3v1.3h-.8l.6 1.5h3.1l-.7-1.8H10V4h2l1.6 4.3-1.2.5-.4-1H8.5l-1.7 3.9-1.2-.7 1.3-3-1.1-2.7H6z" }
  };
  function modeOf(mode) { return MODES[mode] || { words: "by " + mode, name: mode, icon: MODES.rail.icon }; }
  function modeIcon(mode, size) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", String(size || 14));
    svg.setAttribute("height", String(size || 14));
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", modeOf(mode).icon);
    path.setAttribute("fill", "currentColor");
    path.setAttribute("fill-rule", "evenodd");
    svg.appendChild(path);
    return svg;
  }

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
    var from = data.stops[leg.from], to = data.stops[leg.to];
    var latlngs = decode(leg.line, data.route_precision).filter(function (p) {
      return isFinite(p[0]) && isFinite(p[1]);
    });
    // A leg between two stops at one spot has no line of its own: draw (and time) it
    // between its stops, never as an empty or NaN line.
    if (latlngs.length < 2) latlngs = [[from.lat, from.lon], [to.lat, to.lon]];
    // A leg no rail line carries (sea, road, air, or a gap in the rail data) is a thinner
    // dotted arc, so it never passes for track.
    var layer = L.polyline(latlngs, {
      color: leg.planned ? "#7a4f00" : "#b3261e", weight: leg.on_rail ? (leg.planned ? 3 : 4) : 2.5,
      dashArray: leg.on_rail ? (leg.planned ? "7 7" : null) : "2 7", opacity: 0.95
    });
    drawOrder.push(layer);
    layer.bindTooltip(el("span", from.name + " → " + to.name + ": " + fmtKm(leg.km) + " " +
      modeOf(leg.mode).words + (leg.straight ? " (straight line)" : "") +
      (leg.planned ? ", planned" : "") +
      (leg.on_rail && leg.approximate
        ? ", approximate: " + (leg.approximate_reason || "not on surveyed track") : "")),
      { sticky: true });
    legs[i] = { from: leg.from, to: leg.to, km: leg.km, planned: leg.planned, mode: leg.mode,
                latlngs: latlngs, layer: layer };
    bounds.extend(layer.getBounds());
  });
  data.stops.forEach(function (s) { bounds.extend([s.lat, s.lon]); });

  // --- Framing ------------------------------------------------------------------------
  // What lies over the map (the time line, a title or button laid on it in small frames,
  // the zoom buttons): the first view keeps the route out from under them.
  function overlayPadding() {
    var m = container.getBoundingClientRect();
    var pad = { top: 0, right: 0, bottom: 0, left: 0 };
    var nodes = document.querySelectorAll(".journey-timeline, .journey-title, .journey-credits, " +
      ".journey-drawer-toggle, .leaflet-control-zoom, .journey-static .journey-side");
    Array.prototype.forEach.call(nodes, function (node) {
      var b = node.getBoundingClientRect();
      if (!b.width || !b.height || b.right <= m.left || b.left >= m.right ||
          b.bottom <= m.top || b.top >= m.bottom) return;
      var d = { top: b.bottom - m.top, bottom: m.bottom - b.top,
                left: b.right - m.left, right: m.right - b.left };
      var side = Object.keys(d).reduce(function (a, k) { return d[k] < d[a] ? k : a; }, "top");
      pad[side] = Math.max(pad[side], d[side]);
    });
    return pad;
  }
  function fitTo(extra) {
    var size = map.getSize();
    var pad = overlayPadding();
    extra = extra || { top: 0, right: 0, bottom: 0, left: 0 };
    var tl = [24 + pad.left + extra.left, 24 + pad.top + extra.top];
    var br = [24 + pad.right + extra.right, 24 + pad.bottom + extra.bottom];
    // A frame too small for the padding still shows the route.
    if (tl[0] + br[0] > size.x - 40) { tl[0] = br[0] = 8; }
    if (tl[1] + br[1] > size.y - 40) { tl[1] = br[1] = 8; }
    var sw = bounds.getSouthWest(), ne = bounds.getNorthEast();
    if (!bounds.isValid() || (sw.lat === ne.lat && sw.lng === ne.lng)) {
      // One spot (every stop at the same place): fitBounds would zoom without end.
      map.setView(bounds.isValid() ? bounds.getCenter() : [0, 0], 8, { animate: false });
      return;
    }
    map.fitBounds(bounds, { paddingTopLeft: tl, paddingBottomRight: br, animate: false,
                            maxZoom: 10 });
  }
  // Fit the route, then again with room for the stop names that stick out past the
  // edges at that view (their size is known only once drawn).
  function fitRoute() {
    fitTo();
    var out = labels.overflow();
    if (out.top || out.right || out.bottom || out.left) fitTo(out);
  }

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

  // A date as the reader says it, in UTC arithmetic (years before 100 stay themselves:
  // Date.UTC would read year 1 as 1901).
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function dateText(value) {
    var m = /^(-?\d{1,6})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(value || "");
    if (!m) return value || "";
    var text = Number(m[3]) + " " + MONTHS[Number(m[2]) - 1] + " " + Number(m[1]);
    return m[4] !== undefined ? text + ", " + m[4] + ":" + m[5] : text;
  }

  function stopSection(i) {
    var stop = data.stops[i];
    var box = el("section", undefined, "journey-stop");
    box.appendChild(el("h2", (i + 1) + ". " + stop.name));
    var meta = [stop.role + (stop.planned ? ", planned" : "")];
    if (stop.date || stop.arrive) meta.push(dateText(stop.arrive || stop.date));
    if (i > 0) {
      var leg = data.legs[i - 1];
      var how = leg ? " " + modeOf(leg.mode).words + (leg.straight ? " (straight line)" : "") : "";
      meta.push(fmtKm(stop.km_prev) + how + " from " + data.stops[i - 1].name);
    }
    meta.push(fmtKm(stop.km) + " from the start");
    box.appendChild(el("p", meta.join(" · "), "meta"));
    if (stop.inferred) box.appendChild(el("p", stop.inferred, "note inferred"));
    if (stop.note) box.appendChild(el("p", stop.note, "note"));
    stop.quotes.forEach(function (q) {
      box.appendChild(quoteNode(q, stop.highlight));
      if (data.credit) box.appendChild(el("p", data.credit, "credit"));
    });
    var lines = (stop.notes || []).slice();
    var came = i > 0 ? data.legs[i - 1] : null;
    // How sure the line drawn to this stop is, in the reader's words (approximate track).
    if (came && came.on_rail && came.approximate) {
      lines.push("The line drawn from " + data.stops[i - 1].name + " is approximate: " +
                 (came.approximate_reason || "part of it is not on surveyed track") + ".");
    }
    if (lines.length) {
      var notes = el("div", undefined, "sources");
      notes.appendChild(el("h3", "Sources and notes"));
      var ul = el("ul");
      lines.forEach(function (n) { ul.appendChild(el("li", n)); });
      notes.appendChild(ul);
      box.appendChild(notes);
    }
    return box;
  }

  function popupFor(indices) {
    var box = el("div", undefined, "journey-popup");
    indices.forEach(function (i) { box.appendChild(stopSection(i)); });
    return box;
  }

  // Phones (narrow and tall): a stop opens as a panel over the foot of the map, not a
  // popup that would fill the map and hide the moving marker.
  function usePanel() {
    return window.matchMedia && window.matchMedia("(max-width: 700px) and (min-height: 560px)").matches;
  }
  var panel = el("div", undefined, "journey-panel");
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", "Stop details");
  panel.hidden = true;
  var panelClose = el("button", "\u00d7", "journey-panel-close");
  panelClose.type = "button";
  panelClose.setAttribute("aria-label", "Close");
  var panelBody = el("div", undefined, "journey-panel-body");
  panel.appendChild(panelClose);
  panel.appendChild(panelBody);
  container.appendChild(panel);
  L.DomEvent.disableClickPropagation(panel);
  L.DomEvent.disableScrollPropagation(panel);
  function closePanel() { panel.hidden = true; panelBody.textContent = ""; }
  panelClose.addEventListener("click", closePanel);
  function showPanel(indices, latlng) {
    map.closePopup();
    panelBody.textContent = "";
    panelBody.appendChild(popupFor(indices));
    panel.hidden = false;
    // Keep the stop in sight above the panel.
    var p = map.latLngToContainerPoint(latlng);
    var free = map.getSize().y - panel.offsetHeight;
    if (p.y > free - 30 || p.y < 30) map.panBy([0, p.y - free / 2], { animate: false });
  }
  function popupOptions() {
    var size = map.getSize();
    return { maxWidth: Math.min(320, size.x - 60), maxHeight: Math.max(120, Math.min(360, size.y - 90)),
             autoPanPadding: [16, 16], autoPanPaddingTopLeft: [56, 16] };
  }

  function openStop(i) {
    i = Number(i);
    var marker = markers[i];
    if (!marker) return;
    if (usePanel()) { showPanel([i], marker.getLatLng()); return; }
    marker.setPopupContent(popupFor([i]));
    marker.openPopup();
  }
  // One flight at a time: a newer call cancels the one under way and its popup.
  var pendingOpen = null;
  function flyTo(i) {
    i = Number(i);
    var s = data.stops[i];
    if (!s) return;
    if (pendingOpen) { map.off("moveend", pendingOpen); pendingOpen = null; }
    map.stop();
    map.closePopup();
    var zoom = Math.max(map.getZoom(), 5);
    if (reduceMotion) {
      map.setView([s.lat, s.lon], zoom, { animate: false });
      openStop(i);
      return;
    }
    // Opened mid-flight, the popup's own pan would fight the flight and end half off
    // screen; open it where the flight lands.
    var done = function () {
      map.off("moveend", done);
      if (pendingOpen === done) pendingOpen = null;
      openStop(i);
    };
    pendingOpen = done;
    map.on("moveend", done);
    map.flyTo([s.lat, s.lon], zoom, { duration: 0.6 });
  }

  // Names on the map: labels.js (journeyLabels) places them.
  // A user's map.html.j2 from before labels.js still gets a working map, without names.
  var labels = typeof window.journeyLabels === "function"
    ? window.journeyLabels(map, data, container, el)
    : { makeStopLabels: function () {}, place: function () {}, addPlaceLabels: function () {},
        overflow: function () { return { top: 0, right: 0, bottom: 0, left: 0 }; },
        drawn: function () { return []; } };
  var contextLatLngs = [];

  var markers = [];
  var J = {
    stops: data.stops.map(function (s) {
      return { name: s.name, lat: s.lat, lon: s.lon, role: s.role, date: s.date, km: s.km };
    }),
    openStop: openStop, flyTo: flyTo, fitRoute: fitRoute,
    labels: labels.drawn,
    modeIcon: modeIcon, modeName: function (mode) { return modeOf(mode).name; },
    map: map, data: data, _legs: legs, _markers: markers
  };

  // What the reader comes for is drawn first: the view (final: the time line's control
  // fits it with room for itself, else fitRoute), the route and the stop markers. The rest
  // (basemap, tiles, the named line, places also mentioned, list buttons) follows once
  // that frame is on screen.
  if (!staticMode) startTimeline();
  map.setView([0, 0], 1, { animate: false });  // a size to measure against
  labels.makeStopLabels();
  fitRoute();
  drawOrder.forEach(function (layer) { layer.addTo(map); unfocusable(layer); });
  addMarkers();
  labels.place();
  if (staticMode) settle(); else afterFirstPaint(settle);

  // Lines and small circles are reached through the stop list, not by Tab: in the tab
  // order the markers follow the map's own controls directly.
  function unfocusable(layer) {
    var node = layer.getElement && layer.getElement();
    if (node) node.setAttribute("tabindex", "-1");
  }
  // The zoom buttons come before the markers in the tab order (title, map controls,
  // markers, time line, list): their container moves ahead of the panes; Leaflet
  // positions it absolutely, so nothing moves on screen.
  if (map._controlContainer && map._mapPane) container.insertBefore(map._controlContainer, map._mapPane);

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
      marker.bindPopup(allVisits, popupOptions());
      // A click on the marker shows every visit to the place; openStop(i) shows visit i.
      marker.on("click", function () {
        if (usePanel()) { marker.closePopup(); showPanel(members, marker.getLatLng()); return; }
        L.extend(marker.getPopup().options, popupOptions());
        marker.setPopupContent(allVisits);
      });
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
    // Coarser on-screen simplification than the route's: the basemap is backdrop, and
    // projecting and drawing it is most of the page's set-up time.
    var bmStyle = { renderer: bmRenderer, interactive: false, pane: "basemap", smoothFactor: 2 };
    function shifted(lines, by) {
      return by ? lines.map(function (p) { return [p[0], p[1] + by]; }) : lines;
    }
    // The coarse world first, three times over (west, here, east) so that zoomed out, or
    // across the 180th meridian, the land goes on past the detailed clip.
    if (data.world) {
      var world = data.world.land.map(function (r) { return decode(r, data.world.precision); });
      [-360, 0, 360].forEach(function (by) {
        L.polygon(world.map(function (r) { return [shifted(r, by)]; }),
          L.extend({ stroke: false, fillColor: "#efeadf", fillOpacity: 1 }, bmStyle)).addTo(map);
      });
    }
    [bm].concat(data.basemap_more || []).forEach(function (b) {
      var by = b.lon_shift || 0;
      function rs(polys) {
        return polys.map(function (p) { return p.map(function (r) { return shifted(decode(r, b.precision), by); }); });
      }
      L.polygon(rs(b.land), L.extend({ stroke: false, fillColor: "#efeadf", fillOpacity: 1 }, bmStyle)).addTo(map);
      L.polygon(rs(b.lakes), L.extend({ stroke: true, color: "#8fb3cc", weight: 0.6, fillColor: "#bcd6e8", fillOpacity: 1 }, bmStyle)).addTo(map);
      L.polyline(b.borders.map(function (s) { return shifted(decode(s, b.precision), by); }),
        L.extend({ color: "#857c69", weight: 1, opacity: 1 }, bmStyle)).addTo(map);
    });

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

    // The whole named line (e.g. the Trans-Siberian), faint; its name is a map label.
    data.context_lines.forEach(function (line) {
      var latlngs = decode(line.line, data.route_precision);
      contextLatLngs.push(latlngs);
      var layer = L.polyline(latlngs, { color: "#6b6b6b", weight: 5, opacity: 0.25, interactive: false }).addTo(map);
      layer.bringToBack();  // beneath the legs: they are the travelled part of it
    });

    // --- Places the article mentions but the journey does not stop at -------------------
    var contextLayer = L.layerGroup();
    var contextMarkers = [];
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
      contextMarkers.push(m);
    });
    contextLayer.addTo(map);
    contextMarkers.forEach(unfocusable);
    contextLayer.on("layeradd", function (e) { unfocusable(e.layer); });
    // Each place has its own switch in the list: a wrong match can be dropped from view.
    Array.prototype.forEach.call(document.querySelectorAll("[data-context]"), function (box) {
      var m = contextMarkers[Number(box.getAttribute("data-context"))];
      if (!m) return;
      box.addEventListener("change", function () {
        if (box.checked) contextLayer.addLayer(m); else contextLayer.removeLayer(m);
      });
    });
    var toggle = document.getElementById("journey-context-toggle");
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked) contextLayer.addTo(map); else map.removeLayer(contextLayer);
      });
    }

    L.control.scale({ imperial: false, maxWidth: 120 }).addTo(map);
    labels.addPlaceLabels(contextLatLngs);

    // Below 700 px the stop list is a drawer over the page, behind a button.
    var toggleBtn = document.querySelector(".journey-drawer-toggle");
    if (toggleBtn) {
      toggleBtn.addEventListener("click", function () {
        var open = toggleBtn.getAttribute("aria-expanded") !== "true";
        toggleBtn.setAttribute("aria-expanded", open ? "true" : "false");
        document.documentElement.classList.toggle("journey-drawer-open", open);
      });
    }

    Array.prototype.forEach.call(document.querySelectorAll("[data-stop]"), function (btn) {
      btn.addEventListener("click", function () {
        if (toggleBtn && toggleBtn.getAttribute("aria-expanded") === "true") toggleBtn.click();
        flyTo(Number(btn.getAttribute("data-stop")));
      });
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

    // Printing: the map box changes size (print stylesheet), so fit the whole route to
    // the page, and give the reader's view back afterwards.
    var screenView = null;
    function toPrint() {
      if (screenView) return;
      screenView = { center: map.getCenter(), zoom: map.getZoom() };
      map.invalidateSize(false);
      fitRoute();
    }
    function fromPrint() {
      if (!screenView) return;
      var v = screenView;
      screenView = null;
      map.invalidateSize(false);
      map.setView(v.center, v.zoom, { animate: false });
    }
    window.addEventListener("beforeprint", toPrint);
    window.addEventListener("afterprint", fromPrint);
    if (window.matchMedia) {
      var printQuery = window.matchMedia("print");
      var onPrint = function (e) { if (e.matches) toPrint(); else fromPrint(); };
      if (printQuery.addEventListener) printQuery.addEventListener("change", onPrint);
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
