(function () {
  "use strict";
  var config = window.journeyEditorConfig;
  var ROLES = config.roles;  // the stop file's, from journey.stops
  var MODES = config.modes;

  var stops = [];        // the stop list being edited: the API's records
  var history = [];      // earlier states, for undo (JSON text)
  var selected = -1;
  var dirty = false;
  var route = null;      // the last saved build: {legs, basemap, total_km}
  var saving = null;     // the save under way (a Promise)
  var routeCurrent = true; // the route drawn is that of the stops as they are

  var list = document.getElementById("editor-stops");
  var statusLine = document.getElementById("editor-status");
  var problems = document.getElementById("editor-problems");
  var undoButton = document.getElementById("editor-undo");

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function copy(value) { return JSON.parse(JSON.stringify(value)); }
  function grouped(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function hasPoint(s) { return typeof s.lat === "number" && typeof s.lon === "number"; }

  // Google's encoded polyline format, as the map page sends its legs.
  function decode(str, precision) {
    var factor = Math.pow(10, precision), i = 0, lat = 0, lon = 0, out = [];
    function next() {
      var shift = 0, result = 0, b;
      do { b = str.charCodeAt(i++) - 63; result |= (b & 31) << shift; shift += 5; } while (b >= 32);
      return (result & 1) ? ~(result >> 1) : (result >> 1);
    }
    while (i < str.length) { lat += next(); lon += next(); out.push([lat / factor, lon / factor]); }
    return out;
  }

  // --- The map -------------------------------------------------------------------------
  var map = L.map("editor-map", { zoomSnap: 0.25, attributionControl: false });
  map.createPane("basemap").style.zIndex = 150;
  var baseLayer = L.layerGroup().addTo(map);
  var routeLayer = L.layerGroup().addTo(map);
  var draftLine = L.polyline([], { color: "#1f5fa8", weight: 1.5, dashArray: "4 6", opacity: 0.8, interactive: false }).addTo(map);
  var markers = [];
  var fitted = false;

  function drawBasemap(bm) {
    baseLayer.clearLayers();
    if (!bm) return;
    var renderer = L.canvas({ pane: "basemap", padding: 0.25 });
    var style = { renderer: renderer, interactive: false, pane: "basemap", smoothFactor: 2 };
    function rings(polys) { return polys.map(function (p) { return p.map(function (r) { return decode(r, bm.precision); }); }); }
    baseLayer.addLayer(L.polygon(rings(bm.land), L.extend({ stroke: false, fillColor: "#efeadf", fillOpacity: 1 }, style)));
    baseLayer.addLayer(L.polygon(rings(bm.lakes), L.extend({ stroke: true, color: "#8fb3cc", weight: 0.6, fillColor: "#bcd6e8", fillOpacity: 1 }, style)));
    baseLayer.addLayer(L.polyline(bm.borders.map(function (s) { return decode(s, bm.precision); }),
      L.extend({ color: "#857c69", weight: 1, opacity: 1 }, style)));
  }

  function drawRoute() {
    routeLayer.clearLayers();
    if (!route) return;
    route.legs.forEach(function (leg) {
      routeLayer.addLayer(L.polyline(decode(leg.line, 5), {
        color: "#c0392b", weight: 3, opacity: routeCurrent ? 0.9 : 0.3,
        dashArray: leg.planned ? "6 6" : null, interactive: false
      }));
    });
  }

  function markerIcon(i) {
    var cls = "editor-marker" + (i === selected ? " selected" : "") + (stops[i].review ? " flagged" : "");
    return L.divIcon({ className: cls, html: "<span>" + (i + 1) + "</span>", iconSize: [28, 28], iconAnchor: [14, 14] });
  }

  var dragging = false;
  function drawMarkers() {
    if (dragging) return;  // never pull a marker from under the pointer; dragend redraws
    markers.forEach(function (m) { if (m) map.removeLayer(m); });
    markers = stops.map(function (s, i) {
      if (!hasPoint(s)) return null;
      var m = L.marker([s.lat, s.lon], { icon: markerIcon(i), draggable: true, keyboard: true,
        title: (i + 1) + ". " + s.name, alt: "Stop " + (i + 1) + ": " + s.name, autoPan: true });
      m.on("dragstart", function () { dragging = true; });
      m.on("dragend", function () {
        dragging = false;
        var p = m.getLatLng();
        // A point set by hand is the user's own: no longer the gazetteer place's.
        setStop(i, { lat: Math.round(p.lat * 1e5) / 1e5, lon: Math.round(p.lng * 1e5) / 1e5, place: "" });
        announce(s.name + " moved on the map");
      });
      m.on("click", function () { select(i, true); });
      m.addTo(map);
      return m;
    });
    drawDraftLine();
    if (!fitted) fitAll();
  }

  function drawDraftLine() {
    // Straight lines in list order while the route drawn is not the stops' own yet.
    draftLine.setLatLngs(dirty && !routeCurrent ? stops.filter(hasPoint).map(function (s) { return [s.lat, s.lon]; }) : []);
  }

  function fitAll() {
    var pts = stops.filter(hasPoint).map(function (s) { return [s.lat, s.lon]; });
    if (pts.length) { map.fitBounds(L.latLngBounds(pts), { padding: [40, 40], maxZoom: 9 }); fitted = true; }
    else map.setView([30, 20], 2);
  }

  // --- State changes (each one undoable) ------------------------------------------------
  function remember() {
    history.push(JSON.stringify(stops));
    if (history.length > 200) history.shift();
    undoButton.disabled = false;
  }
  function changed(full) {
    dirty = true;
    version += 1;
    routeCurrent = false;
    showStatus();
    if (full) renderList();
    drawMarkers();
    drawRoute();
    scheduleCheck();
  }

  // Every change is checked as a build checks it (nothing written): the problems listed
  // and the route redrawn while one edits, before any save.
  var version = 0, checkTimer = null;
  function body() {
    return JSON.stringify({ stops: stops.map(function (s) {
      var out = copy(s); delete out.sentences; delete out.inferred; return out;
    }) });
  }
  function scheduleCheck() {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, 400);
  }
  function check() {
    var asked = version;
    return fetch("/api/check", {
      method: "POST", body: body(), cache: "no-store",
      headers: { "Content-Type": "application/json", "X-Journey-Token": config.token }
    }).then(function (r) { return r.json(); }).then(function (answer) {
      if (asked !== version || !dirty) return answer;  // stale: the stops changed since
      showProblems(answer.errors || [], answer.warnings || []);
      if (answer.ok) { route = answer.route; routeCurrent = true; drawRoute(); drawDraftLine(); }
      showStatus("Unsaved changes: " + (answer.ok ? "they build (" + grouped(route.total_km) +
        " km)" : answer.errors.length + " error" + (answer.errors.length > 1 ? "s" : "") + " to fix"));
      return answer;
    }, function () { return null; });
  }

  function setStop(i, fields) {
    if (i < 0 || i >= stops.length) throw new RangeError("no stop " + i);
    remember();
    Object.keys(fields).forEach(function (k) { stops[i][k] = fields[k]; });
    changed(true);
  }

  function move(i, j) {
    if (i < 0 || i >= stops.length || j < 0 || j >= stops.length) throw new RangeError("no stop " + i + " or " + j);
    if (i === j) return;
    remember();
    var s = stops.splice(i, 1)[0];
    stops.splice(j, 0, s);
    if (selected === i) selected = j;
    changed(true);
    announce(s.name + " is now stop " + (j + 1) + " of " + stops.length);
  }

  function add(fields, at) {
    remember();
    var s = { name: "", lat: null, lon: null, role: "stop", date: "", arrive: "", depart: "", mode: "rail",
      planned: false, note: "", quote: "", source: "", place: "", review: "", sentences: [] };
    Object.keys(fields || {}).forEach(function (k) { s[k] = fields[k]; });
    var i = at === undefined ? (selected >= 0 ? selected + 1 : stops.length) : at;
    stops.splice(i, 0, s);
    selected = i;
    changed(true);
    var input = list.querySelector('li[data-i="' + i + '"] input.name');
    if (input) input.focus();
    return i;
  }

  function remove(i) {
    remember();
    var s = stops.splice(i, 1)[0];
    if (selected >= stops.length) selected = stops.length - 1;
    changed(true);
    announce("Deleted " + (s.name || "the new stop") + "; Undo brings it back");
  }

  function undo() {
    if (!history.length) return false;
    stops = JSON.parse(history.pop());
    undoButton.disabled = !history.length;
    if (selected >= stops.length) selected = stops.length - 1;
    changed(true);
    announce("Undone");
    return true;
  }

  // --- Saving ---------------------------------------------------------------------------
  function save() {
    if (saving) return saving.then(save);
    statusLine.textContent = "Saving…";
    clearTimeout(checkTimer);
    var asked = version;
    saving = fetch("/api/stops", {
      method: "PUT", body: body(), cache: "no-store",
      headers: { "Content-Type": "application/json", "X-Journey-Token": config.token }
    }).then(function (r) { return r.json(); }).then(function (answer) {
      saving = null;
      if (answer.ok && asked === version) {
        routeCurrent = true;
        stops = answer.stops;
        route = answer.route;
        dirty = false;
        drawBasemap(route && route.basemap);
        renderList();
        drawMarkers();
        drawRoute();
      }
      showProblems(answer.errors || [], answer.warnings || []);
      showStatus(answer.ok ? "Saved " + config.file + " and rebuilt the map (" +
        grouped(route ? route.total_km : 0) + " km)" : "Not saved: fix the errors listed");
      return answer;
    }, function (err) {
      saving = null;
      showStatus("Not saved: the editor did not answer (" + err + ")");
      throw err;
    });
    return saving;
  }

  function load() {
    return fetch("/api/stops", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (state) {
      stops = state.stops;
      route = state.route;
      drawBasemap(route && route.basemap);
      renderList();
      drawMarkers();
      drawRoute();
      showProblems(state.errors || [], state.warnings || []);
      showStatus();
      return state;
    });
  }

  // --- Messages -------------------------------------------------------------------------
  function announce(text) { statusLine.textContent = text; }
  function showStatus(text) {
    statusLine.classList.toggle("dirty", dirty);
    var flagged = stops.filter(function (s) { return s.review; }).length;
    statusLine.textContent = text || ((dirty ? "Unsaved changes. " : "") + stops.length + " stops" +
      (flagged ? "; " + flagged + " to review" : ""));
  }
  function showProblems(errors, warnings) {
    problems.textContent = "";
    problems.className = "editor-problems" + (errors.length ? "" : " warnings");
    var lines = errors.map(function (e) { return "Error: " + e; }).concat(
      warnings.map(function (w) { return "Warning: " + w; }));
    if (!lines.length) return;
    var ul = el("ul");
    lines.forEach(function (line) { ul.appendChild(el("li", line)); });
    problems.appendChild(ul);
  }

  // --- The stop list --------------------------------------------------------------------
  function select(i, scroll) {
    if (selected === i) return;
    selected = i;
    renderList();
    drawMarkers();
    var row = list.querySelector('li[data-i="' + i + '"]');
    if (row && scroll) row.scrollIntoView({ block: "nearest" });
    if (markers[i] && !map.getBounds().contains(markers[i].getLatLng())) map.panTo(markers[i].getLatLng());
  }

  function option(value, label, current) {
    var o = el("option", label);
    o.value = value;
    if (value === current) o.selected = true;
    return o;
  }
  function field(body, label, control) {
    var id = "f" + Math.random().toString(36).slice(2);
    var l = el("label", label);
    l.htmlFor = id;
    control.id = id;
    body.appendChild(l);
    body.appendChild(control);
    return control;
  }
  function placeLabel(p) {
    var where = [p.country, p.admin1].filter(Boolean).join(", ");
    return p.name + (where ? ", " + where : "") + " · " + p.kind +
      (p.population ? " · " + grouped(p.population) + " people" : "");
  }

  function renderList() {
    var focused = document.activeElement && document.activeElement.dataset ?
      [document.activeElement.closest && document.activeElement.closest("li.stop"), document.activeElement.dataset.role] : null;
    var focusIndex = focused && focused[0] ? Number(focused[0].dataset.i) : -1;
    list.textContent = "";
    stops.forEach(function (s, i) { list.appendChild(renderRow(s, i)); });
    if (focusIndex >= 0 && focused[1]) {
      var again = list.querySelector('li[data-i="' + Math.min(focusIndex, stops.length - 1) + '"] [data-role="' + focused[1] + '"]');
      if (again) again.focus();
    }
    showStatus();
  }

  function renderRow(s, i) {
    var li = el("li", null, "stop" + (i === selected ? " selected" : "") + (s.review ? " flagged" : ""));
    li.dataset.i = i;
    var head = el("div", null, "stop-head");
    var handle = el("span", "⠿", "handle");
    handle.tabIndex = 0;
    handle.dataset.role = "handle";
    handle.setAttribute("role", "button");
    handle.setAttribute("aria-label", "Move stop " + (i + 1) + ": " + s.name + " (arrow keys up or down)");
    handle.addEventListener("keydown", function (e) {
      if (e.key === "ArrowUp" && i > 0) { e.preventDefault(); move(i, i - 1); focusHandle(i - 1); }
      if (e.key === "ArrowDown" && i < stops.length - 1) { e.preventDefault(); move(i, i + 1); focusHandle(i + 1); }
    });
    handle.addEventListener("mousedown", function () { li.draggable = true; });
    head.appendChild(handle);
    head.appendChild(el("span", String(i + 1), "num"));
    var title = el("button", null, "stop-title");
    title.type = "button";
    title.dataset.role = "title";
    title.setAttribute("aria-expanded", String(i === selected));
    title.appendChild(el("span", s.name || "(new stop)", "title-name"));
    title.appendChild(el("span", s.role + (s.planned ? ", planned" : "") + (s.date ? " · " + s.date.slice(0, 10) : "") +
      (hasPoint(s) ? "" : " · placed by name on save"), "meta"));
    title.addEventListener("click", function () { select(i === selected ? -1 : i); });
    head.appendChild(title);
    var del = el("button", "Delete", "small");
    del.type = "button";
    del.dataset.role = "delete";
    del.setAttribute("aria-label", "Delete stop " + (i + 1) + ": " + s.name);
    del.addEventListener("click", function () { remove(i); });
    head.appendChild(del);
    li.appendChild(head);

    li.addEventListener("dragstart", function (e) {
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", String(i));
    });
    li.addEventListener("dragend", function () { li.draggable = false; });
    li.addEventListener("dragover", function (e) { e.preventDefault(); li.classList.add("drop-before"); });
    li.addEventListener("dragleave", function () { li.classList.remove("drop-before"); });
    li.addEventListener("drop", function (e) {
      e.preventDefault();
      li.classList.remove("drop-before");
      var from = Number(e.dataTransfer.getData("text/plain"));
      if (!isNaN(from) && from !== i) move(from, i);
    });

    if (s.review) {
      var review = el("div", null, "review");
      review.appendChild(el("p", "Check: " + s.review));
      var done = el("button", "Dealt with", "small");
      done.type = "button";
      done.dataset.role = "review-done";
      done.addEventListener("click", function () { setStop(i, { review: "" }); });
      review.appendChild(done);
      li.appendChild(review);
    }
    if (i === selected) li.appendChild(renderBody(s, i));
    return li;
  }

  function focusHandle(i) {
    var h = list.querySelector('li[data-i="' + i + '"] .handle');
    if (h) h.focus();
  }

  function renderBody(s, i) {
    var body = el("div", null, "stop-body");
    // Name, with suggestions from the gazetteer as one types.
    var combo = el("div", null, "combo");
    var name = el("input", null, "name");
    name.type = "text";
    name.value = s.name;
    name.autocomplete = "off";
    name.dataset.role = "name";
    name.setAttribute("role", "combobox");
    name.setAttribute("aria-autocomplete", "list");
    name.setAttribute("aria-expanded", "false");
    var box = el("ul", null, "suggestions");
    box.id = "suggest-" + i;
    box.setAttribute("role", "listbox");
    box.hidden = true;
    name.setAttribute("aria-controls", box.id);
    combo.appendChild(name);
    combo.appendChild(box);
    field(body, "Name", name);
    body.replaceChild(combo, name);
    combo.insertBefore(name, box);
    wireSuggestions(name, box, i);

    var which = el("select", null, "namesake");
    which.dataset.role = "namesake";
    which.appendChild(option("", "…", ""));
    field(body, "Which " + (s.name || "place"), which);
    loadNamesakes(s, which);
    which.addEventListener("change", function () {
      var p = which.selectedOptions[0] && which.selectedOptions[0].place;
      if (p) setStop(i, { lat: p.lat, lon: p.lon, place: p.place });
    });

    var point = el("span", hasPoint(s) ? s.lat.toFixed(5) + ", " + s.lon.toFixed(5) +
      (s.place ? " · " + s.place : " · set by hand") : "placed by its name when saved", "point");
    body.appendChild(el("span", "Point", "label"));
    body.appendChild(point);

    var role = el("select");
    role.dataset.role = "role";
    ROLES.forEach(function (r) { role.appendChild(option(r, r, s.role)); });
    field(body, "Role", role).addEventListener("change", function () { setStop(i, { role: role.value }); });

    var date = el("input");
    date.type = "text";
    date.value = s.date;
    date.placeholder = "YYYY-MM-DD or YYYY-MM-DDTHH:MM";
    date.dataset.role = "date";
    field(body, "Date", date).addEventListener("change", function () { setStop(i, { date: date.value.trim() }); });

    var mode = el("select");
    mode.dataset.role = "mode";
    MODES.forEach(function (m) { mode.appendChild(option(m, m, s.mode)); });
    field(body, "Arrives by", mode).addEventListener("change", function () { setStop(i, { mode: mode.value }); });

    var planned = el("input");
    planned.type = "checkbox";
    planned.checked = !!s.planned;
    planned.dataset.role = "planned";
    field(body, "Planned", planned).addEventListener("change", function () { setStop(i, { planned: planned.checked }); });

    var note = el("textarea");
    note.value = s.note;
    note.dataset.role = "note";
    field(body, "Note", note).addEventListener("change", function () { setStop(i, { note: note.value }); });

    var quote = el("select");
    quote.dataset.role = "quote";
    quote.appendChild(option("", s.sentences && s.sentences.length ?
      "Automatic: the article's sentences about it" : "None (the article does not mention it)", s.quote));
    (s.sentences || []).forEach(function (text) {
      quote.appendChild(option(text, text.length > 110 ? text.slice(0, 107) + "…" : text, s.quote));
    });
    if (s.quote && (s.sentences || []).indexOf(s.quote) < 0) quote.appendChild(option(s.quote, "Your own: " + s.quote, s.quote));
    field(body, "Quote", quote).addEventListener("change", function () { setStop(i, { quote: quote.value }); });
    return body;
  }

  function places(q, exact) {
    return fetch("/api/places?q=" + encodeURIComponent(q) + (exact ? "&exact=1" : ""), { cache: "no-store" })
      .then(function (r) { return r.json(); });
  }

  function loadNamesakes(s, select) {
    if (!s.name) return;
    places(s.name, true).then(function (found) {
      select.textContent = "";
      var current = false;
      found.forEach(function (p) {
        var o = option(p.place, placeLabel(p), s.place);
        o.place = p;
        if (p.place === s.place) current = true;
        select.appendChild(o);
      });
      if (!current) {
        var own = option("", hasPoint(s) ? (s.place ? s.place : "the point set by hand") : "placed by name on save", "");
        own.selected = true;
        select.insertBefore(own, select.firstChild);
      }
      select.dataset.loaded = String(found.length);
    });
  }

  function wireSuggestions(input, box, i) {
    var timer = null, active = -1, found = [], picked = false;
    function close() { box.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; }
    function show() {
      box.textContent = "";
      found.forEach(function (p, k) {
        var li = el("li");
        li.id = box.id + "-" + k;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", String(k === active));
        li.appendChild(el("span", p.name + " "));
        li.appendChild(el("span", placeLabel(p).slice(p.name.length + 2), "where"));
        li.addEventListener("mousedown", function (e) { e.preventDefault(); pick(p); });
        box.appendChild(li);
      });
      box.hidden = !found.length;
      input.setAttribute("aria-expanded", String(!!found.length));
      if (active >= 0) input.setAttribute("aria-activedescendant", box.id + "-" + active);
      else input.removeAttribute("aria-activedescendant");
    }
    function pick(p) {
      picked = true;
      close();
      setStop(i, { name: p.name, lat: p.lat, lon: p.lon, place: p.place });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value;
      timer = setTimeout(function () {
        places(q, false).then(function (list) { if (input.value === q) { found = list; active = -1; show(); } });
      }, 120);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && found.length) { e.preventDefault(); active = (active + 1) % found.length; show(); }
      else if (e.key === "ArrowUp" && found.length) { e.preventDefault(); active = (active - 1 + found.length) % found.length; show(); }
      else if (e.key === "Enter" && active >= 0 && !box.hidden) { e.preventDefault(); pick(found[active]); }
      else if (e.key === "Escape") close();
    });
    input.addEventListener("blur", function () {
      close();
      var value = input.value.trim();
      // A name typed but not picked: placed by that name when saved (the point it had
      // belonged to the old name).
      if (!picked && value !== stops[i].name) setStop(i, { name: value, lat: null, lon: null, place: "" });
    });
  }

  // --- Wiring ---------------------------------------------------------------------------
  document.getElementById("editor-add").addEventListener("click", function () { add(); });
  undoButton.addEventListener("click", function () { undo(); });
  document.getElementById("editor-save").addEventListener("click", function () { save(); });
  document.addEventListener("keydown", function (e) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test((e.target && e.target.tagName) || "");
    if ((e.ctrlKey || e.metaKey) && e.key === "s") { e.preventDefault(); save(); }
    else if ((e.ctrlKey || e.metaKey) && e.key === "z" && !typing) { e.preventDefault(); undo(); }
  });
  window.addEventListener("beforeunload", function (e) { if (dirty) { e.preventDefault(); e.returnValue = ""; } });

  window.journeyEditor = {
    token: config.token,
    ready: load(),
    stops: function () { return copy(stops); },
    setStop: setStop,
    move: move,
    add: add,
    remove: remove,
    undo: undo,
    save: save,
    check: check,
    select: select,
    places: places,
    map: map,
    _markers: function () { return markers; }
  };
})();
