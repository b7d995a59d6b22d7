/* The time line: a train that moves along the rails at the pace the stop dates set.
 * Needs the API object of journey.js (map, data, _legs, _markers, openStop, fitRoute).
 * Adds play(), pause(), seek(fraction) and position() to it (window.journey). */
(function () {
  "use strict";
  var started = false;

  /* journey.js calls this with its API object before the route is drawn, so the fit below
   * (room for the control) is the map's first view and the route appears once, where it
   * stays; it may call again later. Returns true when it has set the map's view. */
  function start(J) {
    var host = document.getElementById("journey-timeline");
    if (started || !J || !J.map || !J._legs || !J._markers) return false;
    started = true;
    var map = J.map;
    var data = J.data || window.journeyData;
    var stops = data.stops;
    var legs = J._legs;
    var markers = J._markers;
    var DAY_MS = 86400000;
    var PLAY_SECONDS = 40;       // the whole journey, however long, plays in this time
    var STEP_MS = 1500;          // reduced motion: one stop per step instead of gliding
    var EPS = 1e-9;
    var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
      "Nov", "Dec"];

    function el(tag, cls, text) {
      var node = document.createElement(tag);
      if (cls) node.className = cls;
      if (text !== undefined) node.textContent = text;
      return node;
    }

    /* Icons as SVG paths: the media-control characters are missing from many fonts. */
    var ICONS = {
      prev: "M3 3h2v10H3zM14 3v10L6 8z",
      play: "M4 2v12l10-6z",
      pause: "M3 2h4v12H3zM9 2h4v12H9z",
      next: "M11 3h2v10h-2zM2 3v10l8-5z"
    };
    function setIcon(button, name) {
      var ns = "http://www.w3.org/2000/svg";
      var svg = document.createElementNS(ns, "svg");
      svg.setAttribute("viewBox", "0 0 16 16");
      svg.setAttribute("width", "16");
      svg.setAttribute("height", "16");
      svg.setAttribute("aria-hidden", "true");
      svg.setAttribute("focusable", "false");
      var path = document.createElementNS(ns, "path");
      path.setAttribute("d", ICONS[name]);
      path.setAttribute("fill", "currentColor");
      svg.appendChild(path);
      button.textContent = "";
      button.appendChild(svg);
    }

    function haversineKm(a, b) {
      var r = Math.PI / 180;
      var dLat = (b[0] - a[0]) * r;
      var dLon = (b[1] - a[1]) * r;
      var h = Math.pow(Math.sin(dLat / 2), 2) +
        Math.cos(a[0] * r) * Math.cos(b[0] * r) * Math.pow(Math.sin(dLon / 2), 2);
      return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /* Static mode (journey build --png, or map.html#static): names always shown, no control. */
    var staticMode = location.hash === "#static" ||
      document.documentElement.classList.contains("journey-static");
    if (staticMode) {
      // The still image: no control; journey.js has fitted the route and placed the names.
      document.documentElement.classList.add("journey-static");
      document.documentElement.setAttribute("data-journey-static", "ready");
      return false;
    }

    /* The track: every leg's vertices with km along the leg, scaled so that the leg's
     * length is its rail km (the geometry is a simplified line, the km are the real ones). */
    var stopKm = stops.map(function () { return 0; });
    var track = [];
    // Measured on first use (the train's first move), not while the page sets up: a leg
    // with its rail km needs no geometry for the stops' km.
    function measure(t) {
      var pts = t.pts;
      var cum = [0];
      for (var j = 1; j < pts.length; j++) cum.push(cum[j - 1] + haversineKm(pts[j - 1], pts[j]));
      var geomKm = cum[cum.length - 1];
      var km = t.leg.km > 0 ? t.leg.km : geomKm;
      var scale = geomKm > 0 ? km / geomKm : 0;
      t.cum = cum.map(function (d) { return d * scale; });
      return km;
    }
    function cumOf(t) { return t.cum || (measure(t), t.cum); }
    legs.forEach(function (leg) {
      var t = { leg: leg, pts: leg.latlngs || [], cum: null, km0: stopKm[leg.from], km: 0 };
      t.km = leg.km > 0 ? leg.km : measure(t);
      stopKm[leg.to] = t.km0 + t.km;
      track.push(t);
    });
    var totalKm = stopKm[stops.length - 1] || 0;

    function pointAt(km) {
      for (var i = 0; i < track.length; i++) {
        var t = track[i];
        if (km <= t.km0 + t.km + EPS || i === track.length - 1) {
          var d = Math.max(0, Math.min(t.km, km - t.km0));
          if (t.pts.length < 2) return [stops[t.leg.to].lat, stops[t.leg.to].lon];
          var cum = cumOf(t);
          var lo = 0, hi = cum.length - 1;
          while (hi - lo > 1) {
            var mid = (lo + hi) >> 1;
            if (cum[mid] <= d) lo = mid; else hi = mid;
          }
          var span = cum[hi] - cum[lo];
          var u = span > 0 ? (d - cum[lo]) / span : 0;
          var a = t.pts[lo], b = t.pts[hi];
          return [a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u];
        }
      }
      return stops.length ? [stops[0].lat, stops[0].lon] : [0, 0];
    }

    /* Times: stop dates are local wall-clock times, kept in UTC arithmetic so that every
     * reader sees the same day whatever their time zone. A bare date means midday. */
    function parseWhen(text) {
      var m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text || "");
      if (!m) return null;
      var timed = m[4] !== undefined;
      var d = new Date(Date.UTC(2000, +m[2] - 1, +m[3], timed ? +m[4] : 12, timed ? +m[5] : 0,
        +(m[6] || 0)));
      d.setUTCFullYear(+m[1]);  // Date.UTC would read years 0-99 as 1900-1999
      return { t: d.getTime(), timed: timed };
    }

    var points = [];  // {km, t, stop, given, timed}, in journey order
    stops.forEach(function (s, i) {
      var came = parseWhen(s.arrive || s.date);
      var left = parseWhen(s.depart);
      points.push({ km: stopKm[i], t: came ? came.t : null, stop: i, given: !!came,
        timed: !!(came && came.timed) });
      if (left) points.push({ km: stopKm[i], t: left.t, stop: i, given: true, timed: left.timed });
    });
    var known = points.filter(function (p) { return p.given; });
    var byTime = known.length >= 2 &&
      known[known.length - 1].t > known[0].t && known[known.length - 1].km > known[0].km;
    if (byTime) {
      var first = known[0], last = known[known.length - 1];
      var kmPerMs = (last.km - first.km) / (last.t - first.t);  // the journey's own mean pace
      var prev = null;
      points.forEach(function (p, idx) {
        if (p.given) { prev = p; return; }
        var next = null;
        for (var k = idx + 1; k < points.length; k++) if (points[k].given) { next = points[k]; break; }
        if (prev && next && next.km > prev.km) {
          p.t = prev.t + (next.t - prev.t) * (p.km - prev.km) / (next.km - prev.km);
        } else if (prev) {
          p.t = prev.t + (p.km - prev.km) / kmPerMs;
        } else {
          p.t = next.t - (next.km - p.km) / kmPerMs;
        }
      });
      for (var q = 1; q < points.length; q++) points[q].t = Math.max(points[q].t, points[q - 1].t);
    }
    var t0 = byTime ? points[0].t : 0;
    var tEnd = byTime ? points[points.length - 1].t : 0;
    var day0 = byTime ? Math.floor(t0 / DAY_MS) * DAY_MS : 0;

    // Day 1 is the first dated day, as in the page's header ("12 days": first to last
    // dated stop); stops after the last date are placed by distance and say "estimated".
    if (byTime) day0 = Math.floor(known[0].t / DAY_MS) * DAY_MS;
    function dayOf(t) { return Math.floor((t - day0) / DAY_MS) + 1; }
    var totalDays = byTime ? (data.days || dayOf(known[known.length - 1].t)) : 0;

    function stopFraction(i) {
      if (!byTime) return totalKm > 0 ? stopKm[i] / totalKm : i / Math.max(1, stops.length - 1);
      for (var k = 0; k < points.length; k++) {
        if (points[k].stop === i) return tEnd > t0 ? (points[k].t - t0) / (tEnd - t0) : 0;
      }
      return 0;
    }
    var stopFrac = stops.map(function (s, i) { return stopFraction(i); });

    function kmAt(f) {
      if (!byTime) return f * totalKm;
      var t = t0 + f * (tEnd - t0);
      for (var k = 1; k < points.length; k++) {
        var a = points[k - 1], b = points[k];
        if (t <= b.t + EPS) return b.t > a.t ? a.km + (b.km - a.km) * (t - a.t) / (b.t - a.t) : b.km;
      }
      return totalKm;
    }

    function pad(n) { return (n < 10 ? "0" : "") + n; }
    function isoOf(t) {
      var d = new Date(t);
      return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()) +
        "T" + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes());
    }
    function dayText(t) {
      var d = new Date(t);
      return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
    }
    // Grouped by hand, as in journey.js: toLocaleString's first call is slow.
    function kmText(km) {
      return String(Math.round(km)).replace(/\B(?=(\d{3})+(?!\d))/g, ",") + " km";
    }

    /* State. */
    var frac = 0;
    var active = false;     // the route keeps its plain look until the reader uses the time line
    var playing = false;
    var timer = null;
    var lastNow = null;
    var reached = -1;
    var train = null;
    var progress = [];      // one overlay per leg: the part already travelled
    var baseOpacity = legs.map(function (leg) {
      return leg.layer && leg.layer.options.opacity !== undefined ? leg.layer.options.opacity : 1;
    });

    /* The control, built with DOM calls (no HTML strings), keyboard operable. */
    var ui = {};
    if (host) {
      host.className = (host.className ? host.className + " " : "") + "journey-timeline";
      host.setAttribute("role", "group");
      host.setAttribute("aria-label", "Time line of the journey");
      var row = el("div", "journey-timeline-row");
      var button = function (name, label, title) {
        var b = el("button", "journey-tl-" + name);
        setIcon(b, name);
        b.type = "button";
        b.setAttribute("aria-label", label);
        b.title = title;
        return b;
      };
      ui.prev = button("prev", "Previous stop", "Previous stop");
      ui.play = button("play", "Play the journey", "Play (space)");
      ui.next = button("next", "Next stop", "Next stop");
      ui.range = el("input", "journey-tl-range");
      ui.range.type = "range";
      ui.range.min = "0";
      ui.range.max = "1000";
      ui.range.step = "1";
      ui.range.value = "0";
      ui.range.id = "journey-tl-range";
      var label = el("label", "journey-tl-label", "Time line");
      label.htmlFor = ui.range.id;
      ui.day = el("span", "journey-tl-day");
      ui.day.setAttribute("aria-hidden", "true");  // the slider's aria-valuetext says the same
      row.appendChild(ui.prev);
      row.appendChild(ui.play);
      row.appendChild(ui.next);
      row.appendChild(label);
      row.appendChild(ui.range);
      row.appendChild(ui.day);
      ui.status = el("p", "journey-tl-status");
      ui.status.textContent = "Press play to follow the journey stop by stop";
      ui.status.setAttribute("aria-live", "polite");
      // The status line sits above the buttons at a fixed height: the buttons never move.
      host.appendChild(ui.status);
      host.appendChild(row);
      L.DomEvent.disableClickPropagation(host);
      L.DomEvent.disableScrollPropagation(host);

      ui.play.addEventListener("click", function () { if (playing) pause(); else play(); });
      ui.prev.addEventListener("click", function () { step(-1); });
      ui.next.addEventListener("click", function () { step(1); });
      ui.range.addEventListener("input", function () {
        pause();
        seek(Number(ui.range.value) / 1000);
      });
      host.addEventListener("keydown", function (ev) {
        if (ev.target === ui.range && (ev.key === "PageUp" || ev.key === "PageDown")) {
          ev.preventDefault();  // a page is a stop: the reader's natural unit here
          step(ev.key === "PageUp" ? 1 : -1);
        } else if (ev.key === " " && ev.target === ui.range) {
          ev.preventDefault();
          if (playing) pause(); else play();
        }
      });
    }

    function activate() {
      if (active) return;
      active = true;
      reached = -1;  // announce the stop the reader starts from
      document.documentElement.classList.add("journey-timeline-active");
      train = L.marker(pointAt(0), {
        icon: L.divIcon({ className: "journey-train", iconSize: [26, 26] }),
        interactive: false, keyboard: false, zIndexOffset: 2000
      }).addTo(map);
      setMover(track.length ? track[0].leg.mode : "rail");
      track.forEach(function (t, i) {
        var o = t.leg.layer ? t.leg.layer.options : {};
        progress.push(L.polyline([], {
          color: o.color, weight: o.weight, dashArray: o.dashArray, interactive: false
        }).addTo(map));
      });
    }

    /* The moving marker shows how this leg is travelled: train, plane, ship, car... */
    var moverMode = null;
    function setMover(mode) {
      if (!train || mode === moverMode) return;
      moverMode = mode;
      var node = train.getElement();
      if (!node) return;
      node.textContent = "";
      node.setAttribute("data-mode", mode);
      node.setAttribute("title", J.modeName ? J.modeName(mode) : mode);
      if (J.modeIcon) node.appendChild(J.modeIcon(mode, 16));
    }
    function legAt(km) {
      for (var i = 0; i < track.length; i++) {
        if (km < track[i].km0 + track[i].km - EPS || i === track.length - 1) return track[i].leg;
      }
      return null;
    }

    function stopAnnouncement(i) {
      var s = stops[i];
      var own = parseWhen(s.arrive || s.date);
      var when = "";
      if (own) {
        when = dayText(own.t) + (own.timed ? ", " + isoOf(own.t).slice(11) : "");
      } else if (byTime) {
        when = "about " + dayText(stopFrac[i] * (tEnd - t0) + t0) + " (estimated from distance)";
      }
      var text = "Reached " + (i + 1) + ". " + s.name + (when ? " \u00b7 " + when : "") +
        " \u00b7 " + kmText(stopKm[i]);
      if (s.planned) text += " \u00b7 planned";
      // Dates from outside the article must say where they come from, here as in the popup.
      if (own && s.notes && s.notes.length) text += " \u2014 " + s.notes.join("; ");
      return text;
    }

    function render() {
      var km = kmAt(frac);
      var idx = -1;
      stopFrac.forEach(function (sf, i) { if (sf <= frac + 1e-6) idx = i; });
      if (active) {
        train.setLatLng(pointAt(km));
        var leg = legAt(km);
        if (leg) setMover(leg.mode);
        track.forEach(function (t, i) {
          var done = Math.max(0, Math.min(t.km, km - t.km0));
          var layer = t.leg.layer;
          var full = done >= t.km - 1e-6 && t.km > 0;
          if (layer) layer.setStyle({ opacity: full ? baseOpacity[i] : 0.3 * baseOpacity[i] });
          if (full || done <= 0) { progress[i].setLatLngs([]); return; }
          var part = [];
          var cum = cumOf(t);
          for (var j = 0; j < t.pts.length && cum[j] < done; j++) part.push(t.pts[j]);
          part.push(pointAt(t.km0 + done));
          progress[i].setLatLngs(part);
        });
        markers.forEach(function (m, i) {
          var icon = m.getElement ? m.getElement() : m._icon;
          if (!icon) return;
          icon.classList.toggle("journey-ahead", i > idx);
          icon.classList.toggle("journey-current", i === idx);
        });
      }
      var t = byTime ? t0 + frac * (tEnd - t0) : null;
      var day = byTime ? dayOf(t) : 0;
      var counter = !byTime ? "Stop " + (idx + 1) + " of " + stops.length
        : (day >= 1 && day <= totalDays ? "Day " + day + " of " + totalDays : "Day " + day) +
          " \u00b7 " + dayText(t);
      counter += " \u00b7 " + kmText(km);
      if (byTime && frac > stopFrac[lastGiven()] + 1e-6) counter += " (estimated)";
      if (ui.range) {
        ui.range.value = String(Math.round(frac * 1000));
        ui.range.setAttribute("aria-valuetext", counter);
        ui.day.textContent = counter;
      }
      if (idx !== reached) {
        reached = idx;
        if (ui.status && idx >= 0 && active) ui.status.textContent = stopAnnouncement(idx);
      }
    }

    function lastGiven() {
      var last = 0;
      points.forEach(function (p) { if (p.given) last = p.stop; });
      return last;
    }

    function seek(f) {
      f = Number(f);
      if (!isFinite(f)) return;
      activate();
      frac = Math.max(0, Math.min(1, f));
      render();
    }

    function tick(now) {
      if (!playing) return;
      if (lastNow !== null) seek(frac + (now - lastNow) / 1000 / PLAY_SECONDS);
      lastNow = now;
      if (frac >= 1) { pause(); return; }
      timer = requestAnimationFrame(tick);
    }

    function reducedMotion() {
      return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    }

    function setPlaying(on) {
      playing = on;
      if (!ui.play) return;
      setIcon(ui.play, on ? "pause" : "play");
      ui.play.setAttribute("aria-label", on ? "Pause the journey" : "Play the journey");
      ui.play.setAttribute("aria-pressed", on ? "true" : "false");
    }

    function play() {
      if (playing) return;
      activate();
      if (frac >= 1 - EPS) seek(0);
      setPlaying(true);
      lastNow = null;
      if (reducedMotion()) {
        // No gliding: jump from stop to stop at a calm pace.
        timer = setInterval(function () { if (!step(1)) pause(); }, STEP_MS);
      } else {
        timer = requestAnimationFrame(tick);
      }
    }

    function pause() {
      if (!playing) return;
      setPlaying(false);
      cancelAnimationFrame(timer);
      clearInterval(timer);
      timer = null;
    }

    /* Move to the next (dir 1) or previous (dir -1) stop and open it; false at either end. */
    function step(dir) {
      var target = -1;
      if (dir > 0) {
        for (var i = 0; i < stopFrac.length; i++) if (stopFrac[i] > frac + 1e-6) { target = i; break; }
      } else {
        for (var k = stopFrac.length - 1; k >= 0; k--) if (stopFrac[k] < frac - 1e-6) { target = k; break; }
      }
      if (target < 0) return false;
      seek(stopFrac[target]);
      if (!playing && J.openStop) J.openStop(target);
      return true;
    }

    function position() {
      var km = kmAt(frac);
      var p = pointAt(km);
      return { lat: p[0], lon: p[1], km: km, date: byTime ? isoOf(t0 + frac * (tEnd - t0)) : null,
        day: byTime ? dayOf(t0 + frac * (tEnd - t0)) : null, fraction: frac };
    }

    var fitted = false;  // journey.js fits the view, with room for this control

    J.play = play;
    J.pause = pause;
    J.seek = seek;
    J.position = position;
    J.timeline = { byTime: byTime, totalDays: totalDays, totalKm: totalKm,
      stopFractions: stopFrac.slice(), stopKm: stopKm.slice() };
    render();
    return fitted;  // true: the map has its view, journey.js need not fit it first
  }

  window.journeyTimeline = start;
  // A template that loads this script after journey.js: start on what is there already.
  if (window.journey) start(window.journey);
})();
