(function () {
  "use strict";
  var data = window.journeyData;
  var map = L.map("journey-map", { zoomSnap: 0.25, scrollWheelZoom: true });
  var markers = [];
  var bounds = L.latLngBounds([]);
  var legs = [];

  data.legs.forEach(function (leg) {
    var line = L.polyline(leg.latlon, {
      color: leg.planned ? "#8a5a00" : "#b3261e", weight: 3,
      dashArray: leg.planned ? "6 6" : null
    }).addTo(map);
    bounds.extend(line.getBounds());
    legs.push({ from: leg.from, to: leg.to, km: leg.km, planned: leg.planned, mode: leg.mode,
      latlngs: leg.latlon, layer: line });
  });

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function popupContent(stop, i) {
    var box = el("div", undefined, "journey-popup");
    box.appendChild(el("h2", (i + 1) + ". " + stop.name));
    var meta = stop.role + (stop.planned ? " (planned)" : "") +
      (stop.date ? " · " + stop.date : "") + " · km " + stop.km.toLocaleString("en");
    box.appendChild(el("p", meta, "meta"));
    if (stop.note) box.appendChild(el("p", stop.note, "note"));
    if (stop.source) box.appendChild(el("p", "Source: " + stop.source, "source"));
    stop.quotes.forEach(function (q) { box.appendChild(el("blockquote", q)); });
    if (stop.quotes.length) box.appendChild(el("p", "CNN, 2001", "credit"));
    return box;
  }

  data.stops.forEach(function (stop, i) {
    var icon = L.divIcon({ className: "stop-icon", html: String(i + 1), iconSize: [22, 22] });
    var marker = L.marker([stop.lat, stop.lon], {
      icon: icon, title: stop.name, alt: "Stop " + (i + 1) + ": " + stop.name, keyboard: true
    }).addTo(map);
    marker.bindPopup(popupContent(stop, i), { maxWidth: 320 });
    markers.push(marker);
    bounds.extend([stop.lat, stop.lon]);
  });

  function fitRoute() { map.fitBounds(bounds, { padding: [20, 20] }); }
  function openStop(i) { markers[i].openPopup(); }
  function flyTo(i) {
    var s = data.stops[i];
    map.flyTo([s.lat, s.lon], Math.max(map.getZoom(), 5), { duration: 0.6 });
    openStop(i);
  }
  fitRoute();

  Array.prototype.forEach.call(document.querySelectorAll("[data-stop]"), function (btn) {
    btn.addEventListener("click", function () { flyTo(Number(btn.getAttribute("data-stop"))); });
  });

  window.journey = {
    stops: data.stops.map(function (s) {
      return { name: s.name, lat: s.lat, lon: s.lon, role: s.role, date: s.date, km: s.km };
    }),
    openStop: openStop, flyTo: flyTo, fitRoute: fitRoute, map: map,
    data: data, _legs: legs, _markers: markers
  };
})();
