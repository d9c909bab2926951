/* frontline map layers — written for this project (MIT). Loaded after Leaflet.
 *
 * Safety rule: text from reports never goes through innerHTML. Every label, popup and tooltip is built
 * with document.createElement + textContent, and only http(s) addresses become links. Data arrives as
 * JSON literals that the Python side escaped (<, >, &, U+2028, U+2029).
 */
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function safeUrl(value) {
    if (typeof value !== "string" || !value) return null;
    try {
      var url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  // rows: [[label, text] | [label, text, url]]; empty texts are left out.
  function table(title, rows) {
    var box = el("div", "fl-popup");
    if (title) box.appendChild(el("div", "fl-popup-title", title));
    rows.forEach(function (row) {
      var label = row[0], text = row[1], href = safeUrl(row[2]);
      if ((text === null || text === undefined || text === "") && !href) return;
      var line = el("div", "fl-row");
      line.appendChild(el("span", "fl-label", label + ": "));
      if (href) {
        var a = el("a", "fl-link", text || href);
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener noreferrer nofollow";
        line.appendChild(a);
      } else {
        line.appendChild(el("span", "fl-value", text));
      }
      box.appendChild(line);
    });
    return box;
  }

  /* ---- events: columnar data, one canvas renderer, popups built on click ---- */

  // Codes are packed as fixed-width base-N digit strings (see layers.pack_codes); -1 means no value.
  function code(data, c, i) {
    if (!data.digit) {
      data.digit = {};
      for (var k = 0; k < data.alphabet.length; k++) data.digit[data.alphabet.charCodeAt(k)] = k;
    }
    var v = 0, base = data.alphabet.length, at = i * c.width;
    for (var j = 0; j < c.width; j++) v = v * base + data.digit[c.codes.charCodeAt(at + j)];
    return v - 1;
  }

  function column(data, name, i) {
    var c = data.cols[name];
    if (!c) return "";
    var k = code(data, c, i);
    return k < 0 ? "" : c.values[k];
  }

  function eventPopup(data, i) {
    var actors = column(data, "actor1", i);
    var a2 = column(data, "actor2", i);
    if (a2) actors = actors ? actors + " — " + a2 : a2;
    var kind = column(data, "event_type", i);
    var sub = column(data, "sub_event_type", i);
    if (sub && sub !== kind) kind = kind ? kind + " · " + sub : sub;
    var claim = column(data, "x_confidence", i);
    var by = column(data, "x_claim_by", i);
    if (by) claim = claim ? claim + " (claimed by " + by + ")" : "claimed by " + by;
    var quote = column(data, "x_quote", i);
    return table(column(data, "location", i), [
      ["Date", column(data, "event_date", i)],
      ["Event", kind],
      ["Actors", actors],
      ["Fatalities", column(data, "fatalities", i)],
      ["Claim", claim],
      ["Source", column(data, "source", i), column(data, "x_source_url", i)],
      [quote ? "Quote" : "Notes", quote || column(data, "notes", i)],
    ]);
  }

  function isFirm(data, i) {
    var conf = column(data, "x_confidence", i);
    return conf === "" || conf === "confirmed";
  }

  function eventColor(data, i) {
    var t = data.cols.event_type ? code(data, data.cols.event_type, i) : -1;
    return data.colors[t] || data.other_color;
  }

  function eventStyle(data, i, renderer) {
    var firm = isFirm(data, i);
    return {
      renderer: renderer,
      radius: data.radius,
      color: eventColor(data, i),
      weight: firm ? 1 : 1.5,
      dashArray: firm ? null : "2 2",
      fillColor: eventColor(data, i),
      fillOpacity: firm ? 0.8 : 0.3,
      fl_index: i,
    };
  }

  function openEventPopup(map, data, i, latlng) {
    L.popup({ maxWidth: 360 })
      .setLatLng(latlng || [data.lat[i], data.lon[i]])
      .setContent(eventPopup(data, i))
      .openOn(map);
  }

  function projectAll(data) {
    var n = data.lon.length, x = new Float64Array(n), y = new Float64Array(n);
    var d = Math.PI / 180, max = 85.0511287798;
    for (var i = 0; i < n; i++) {
      // Spherical Mercator at zoom 0 (256 px world), as L.CRS.EPSG3857 computes it, without the objects.
      var lat = Math.max(Math.min(max, data.lat[i]), -max), s = Math.sin(lat * d);
      x[i] = 128 + (data.lon[i] * d * 128) / Math.PI;
      y[i] = 128 - (Math.log((1 + s) / (1 - s)) * 64) / Math.PI;
    }
    return { x: x, y: y };
  }

  /* Events drawn straight onto one canvas, grouped by style: tens of thousands of points draw in tens of
   * milliseconds, where one Leaflet layer object per point takes seconds. Clicks find the nearest point. */
  var PointsLayer = L.Layer.extend({
    initialize: function (data) {
      this._data = data;
      var p = projectAll(data);
      this._x = p.x;
      this._y = p.y;
      var groups = {};
      for (var i = 0; i < data.lon.length; i++) {
        var key = eventColor(data, i) + (isFirm(data, i) ? "|1" : "|0");
        (groups[key] = groups[key] || []).push(i);
      }
      this._groups = groups;
      this._drawn = 0;
      this._sx = new Float32Array(data.lon.length);
      this._sy = new Float32Array(data.lon.length);
      this._visible = new Uint8Array(data.lon.length);
    },
    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "fl-points leaflet-zoom-hide");
      this._canvas.style.pointerEvents = "none";
      map.getPane("overlayPane").appendChild(this._canvas);
      map.on("moveend resize", this._redraw, this);
      map.on("click", this._onClick, this);
      map.on("mousemove", this._onMove, this);
      this._redraw();
    },
    onRemove: function (map) {
      map.off("moveend resize", this._redraw, this);
      map.off("click", this._onClick, this);
      map.off("mousemove", this._onMove, this);
      L.DomUtil.remove(this._canvas);
      this._drawn = 0;
    },
    fl_count: function () {
      return this._drawn;
    },
    fl_open: function (i) {
      openEventPopup(this._map, this._data, i);
    },
    _redraw: function () {
      var map = this._map;
      if (!map) return;
      var size = map.getSize(), ratio = window.devicePixelRatio || 1, canvas = this._canvas;
      canvas.width = size.x * ratio;
      canvas.height = size.y * ratio;
      canvas.style.width = size.x + "px";
      canvas.style.height = size.y + "px";
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      var scale = Math.pow(2, map.getZoom()), origin = map.getPixelBounds().min;
      var r = this._data.radius, drawn = 0, self = this;
      this._visible.fill(0);
      Object.keys(this._groups).forEach(function (key) {
        var parts = key.split("|"), firm = parts[1] === "1";
        ctx.beginPath();
        self._groups[key].forEach(function (i) {
          var sx = self._x[i] * scale - origin.x, sy = self._y[i] * scale - origin.y;
          if (sx < -r || sy < -r || sx > size.x + r || sy > size.y + r) return;
          self._sx[i] = sx;
          self._sy[i] = sy;
          self._visible[i] = 1;
          ctx.moveTo(sx + r, sy);
          ctx.arc(sx, sy, r, 0, 2 * Math.PI);
          drawn++;
        });
        ctx.globalAlpha = firm ? 0.8 : 0.3;
        ctx.fillStyle = parts[0];
        ctx.fill();
        ctx.globalAlpha = 1;
        ctx.setLineDash(firm ? [] : [2, 2]);
        ctx.lineWidth = firm ? 1 : 1.5;
        ctx.strokeStyle = parts[0];
        ctx.stroke();
      });
      this._drawn = drawn;
    },
    _nearest: function (point) {
      var best = -1, bestD = Math.pow(this._data.radius + 3, 2);
      for (var i = 0; i < this._x.length; i++) {
        if (!this._visible[i]) continue;
        var dx = this._sx[i] - point.x, dy = this._sy[i] - point.y, d = dx * dx + dy * dy;
        if (d <= bestD) {
          best = i;
          bestD = d;
        }
      }
      return best;
    },
    _onClick: function (e) {
      if (this._map.fl_measuring) return;
      var i = this._nearest(e.containerPoint);
      if (i >= 0) openEventPopup(this._map, this._data, i);
    },
    _onMove: function (e) {
      this._map.getContainer().style.cursor = this._nearest(e.containerPoint) >= 0 ? "pointer" : "";
    },
  });

  function eventsLayer(map, data) {
    return new PointsLayer(data);
  }

  /* Very many events: Leaflet.markercluster groups them into counted clusters below zoom
   * `cluster_max_zoom` and draws every event on its own (one canvas circle each) from there on. */
  function clusterIcon(cluster) {
    var n = cluster.getChildCount();
    var box = el("div");
    box.appendChild(el("span", null, n >= 10000 ? Math.round(n / 1000) + "k" : String(n)));
    var size = n < 100 ? "small" : n < 1000 ? "medium" : "large";
    // Built as DOM with the number as text: Leaflet would parse a string as HTML.
    return L.divIcon({ html: box, className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40) });
  }

  function clusterLayer(map, data) {
    var renderer = L.canvas({ padding: 0.2 });
    // Not chunkedLoading: it shows nothing until the last chunk either, and its pauses cost seconds.
    var group = L.markerClusterGroup({
      maxClusterRadius: data.cluster_radius_px,
      disableClusteringAtZoom: data.cluster_max_zoom,
      showCoverageOnHover: false,
      // Clusters change at once, as the map zooms: sliding tens of thousands of markers costs more than
      // it shows, and leaves counts in between for a while.
      animate: false,
      iconCreateFunction: clusterIcon,
    });
    var markers = new Array(data.lon.length);
    for (var i = 0; i < markers.length; i++) {
      markers[i] = L.circleMarker([data.lat[i], data.lon[i]], eventStyle(data, i, renderer));
    }
    // Handed over once the group is on the map: before, Leaflet.markercluster checks each new marker
    // against every one waiting, which takes minutes for 200,000 events. No "layeradd" event per
    // marker either (the second argument): nothing listens, and firing them doubles the time.
    group.once("add", function () {
      group.addLayers(markers, true);
    });
    group.on("click", function (e) {
      if (!map.fl_measuring) openEventPopup(map, data, e.layer.options.fl_index, e.latlng);
    });
    // Clusters and single events in the current view. Only what is on the map is looked at: walking
    // every event's visible parent would cost as much as the events at each count.
    group.fl_count = function () {
      var view = map.getBounds(), n = 0;
      map.eachLayer(function (l) {
        var mine = l instanceof L.MarkerCluster ? l._group === group : l.options.fl_index !== undefined && group.hasLayer(l);
        if (mine && view.contains(l.getLatLng())) n++;
      });
      return n;
    };
    group.fl_open = function (i) {
      openEventPopup(map, data, i);
    };
    return group;
  }

  /* ---- vector layers from GeoJSON, styles and tooltips computed in Python ---- */

  function geojsonLayer(map, collection) {
    var renderer = L.canvas({ padding: 0.3 });
    return L.geoJSON(collection, {
      renderer: renderer,
      style: function (f) {
        return f.properties.fl_style || {};
      },
      pointToLayer: function (f, latlng) {
        var s = f.properties.fl_style || {};
        s.renderer = renderer;
        return L.circleMarker(latlng, s);
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        if (p.fl_tooltip) {
          layer.bindTooltip(el("span", "fl-tooltip", p.fl_tooltip), {
            sticky: f.geometry.type !== "Point",
            permanent: !!p.fl_label,
            direction: p.fl_label ? "right" : "auto",
            className: p.fl_label ? "fl-label-tooltip" : "",
          });
        }
      },
    });
  }

  /* ---- control polygons and front line over time ---- */

  function timeLayer(map, data) {
    var group = L.featureGroup();
    var current = -1;
    group.fl_show = function (k) {
      if (k < 0 || k >= data.dates.length) return;
      current = k;
      group.clearLayers();
      group.addLayer(geojsonLayer(map, data.by_date[k]));
      if (group.fl_control && group.fl_control.update) group.fl_control.update(k);
    };
    group.fl_count = function () {
      var n = 0;
      group.eachLayer(function (l) {
        n += l.getLayers ? l.getLayers().length : 1;
      });
      return n;
    };
    var Ctl = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var box = el("div", "fl-time leaflet-bar");
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        box.appendChild(el("div", "fl-time-title", data.title));
        var prev = el("button", "fl-time-prev", "◀");
        prev.type = "button";
        prev.title = "Earlier date";
        var slider = el("input", "fl-time-slider");
        slider.type = "range";
        slider.min = "0";
        slider.max = String(data.dates.length - 1);
        slider.step = "1";
        var next = el("button", "fl-time-next", "▶");
        next.type = "button";
        next.title = "Later date";
        var label = el("span", "fl-time-date", "");
        box.appendChild(prev);
        box.appendChild(slider);
        box.appendChild(next);
        box.appendChild(label);
        slider.addEventListener("input", function () {
          group.fl_show(parseInt(slider.value, 10));
        });
        prev.addEventListener("click", function () {
          group.fl_show(Math.max(0, current - 1));
        });
        next.addEventListener("click", function () {
          group.fl_show(Math.min(data.dates.length - 1, current + 1));
        });
        this.update = function (k) {
          slider.value = String(k);
          label.textContent = data.dates[k];
        };
        return box;
      },
    });
    group.fl_control = new Ctl();
    group.on("add", function () {
      group.fl_control.addTo(map);
      group.fl_control.update(current);
    });
    group.on("remove", function () {
      group.fl_control.remove();
    });
    group.fl_show(data.dates.length - 1);
    return group;
  }

  /* ---- measuring distances and areas ---- */

  var EARTH_RADIUS_M = 6378137;

  // Area of a polygon on the sphere from its vertices (the spherical-excess sum over its edges).
  function sphericalAreaM2(latlngs) {
    var d = Math.PI / 180, total = 0;
    for (var i = 0; i < latlngs.length; i++) {
      var a = latlngs[i], b = latlngs[(i + 1) % latlngs.length];
      total += (b.lng - a.lng) * d * (2 + Math.sin(a.lat * d) + Math.sin(b.lat * d));
    }
    return Math.abs((total * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
  }

  function formatKm(m) {
    return m >= 10000 ? (m / 1000).toFixed(1) + " km" : m >= 1000 ? (m / 1000).toFixed(2) + " km" : Math.round(m) + " m";
  }

  var MeasureControl = L.Control.extend({
    options: { position: "topleft" },
    onAdd: function (map) {
      var self = this;
      var box = el("div", "fl-measure leaflet-bar");
      var toggle = el("a", "fl-measure-toggle", "Measure");
      toggle.href = "#";
      toggle.title = "Measure distances and areas";
      toggle.setAttribute("role", "button");
      var panel = el("div", "fl-measure-panel");
      panel.style.display = "none";
      this._result = el("div", "fl-measure-result", "Click points on the map; double-click to finish.");
      var clear = el("button", "fl-measure-clear", "Clear");
      clear.type = "button";
      panel.appendChild(this._result);
      panel.appendChild(clear);
      box.appendChild(toggle);
      box.appendChild(panel);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.on(toggle, "click", function (e) {
        L.DomEvent.preventDefault(e);
        self._setActive(!self._active);
        panel.style.display = self._active ? "block" : "none";
      });
      L.DomEvent.on(clear, "click", function () {
        self._clear();
      });
      this._points = [];
      this._line = L.polyline([], { color: "#111", weight: 2, dashArray: "6 4", interactive: false });
      this._area = L.polygon([], { color: "#111", weight: 0, fillOpacity: 0.12, interactive: false });
      this._done = false;
      map.on("click", this._onClick, this);
      map.on("dblclick", this._onFinish, this);
      return box;
    },
    onRemove: function (map) {
      map.off("click", this._onClick, this);
      map.off("dblclick", this._onFinish, this);
      this._setActive(false);
    },
    _setActive: function (on) {
      var map = this._map;
      this._active = on;
      map.fl_measuring = on;
      map.getContainer().style.cursor = on ? "crosshair" : "";
      if (on) {
        map.doubleClickZoom.disable();
        this._line.addTo(map);
        this._area.addTo(map);
      } else {
        map.doubleClickZoom.enable();
        this._clear();
        this._line.remove();
        this._area.remove();
      }
    },
    _clear: function () {
      this._points = [];
      this._done = false;
      this._update();
    },
    _onClick: function (e) {
      if (!this._active) return;
      if (this._done) this._clear();
      this._points.push(e.latlng);
      this._update();
    },
    _onFinish: function () {
      if (this._active) this._done = true;
    },
    _update: function () {
      var pts = this._points, map = this._map, length = 0;
      for (var i = 1; i < pts.length; i++) length += map.distance(pts[i - 1], pts[i]);
      this._line.setLatLngs(pts);
      this._area.setLatLngs(pts.length >= 3 ? pts : []);
      var text = pts.length < 2 ? "Click points on the map; double-click to finish." : "Distance: " + formatKm(length);
      if (pts.length >= 3) text += " · Area: " + (sphericalAreaM2(pts) / 1e6).toFixed(2) + " km²";
      this._result.textContent = text;
      this.fl_length_m = length;
    },
  });

  /* ---- legend, title and notes ---- */

  function legend(map, sections) {
    var Ctl = L.Control.extend({
      options: { position: "bottomright" },
      onAdd: function () {
        var box = el("div", "fl-legend");
        L.DomEvent.disableScrollPropagation(box);
        sections.forEach(function (s) {
          box.appendChild(el("div", "fl-legend-title", s.title));
          s.items.forEach(function (item) {
            var row = el("div", "fl-legend-row");
            var key = el("span", "fl-key fl-key-" + item.shape);
            key.style.background = item.shape === "line" ? "none" : item.fill || "transparent";
            key.style.borderColor = item.color;
            if (item.shape === "line") {
              key.style.borderTopStyle = item.dash ? "dashed" : "solid";
              key.style.borderTopWidth = (item.width || 3) + "px";
            } else if (item.dash) {
              key.style.borderStyle = "dashed";
            }
            row.appendChild(key);
            row.appendChild(el("span", "fl-legend-label", item.label));
            box.appendChild(row);
          });
        });
        return box;
      },
    });
    return new Ctl().addTo(map);
  }

  function note(map, text, position, className) {
    var Ctl = L.Control.extend({
      options: { position: position || "topright" },
      onAdd: function () {
        return el("div", className || "fl-note", text);
      },
    });
    return new Ctl().addTo(map);
  }

  // Every data layer by its name in the layer control, and how many features it draws now.
  var layers = {};
  function counts(map) {
    var out = {};
    Object.keys(layers).forEach(function (name) {
      var layer = layers[name];
      if (!map.hasLayer(layer)) {
        out[name] = 0;
      } else {
        out[name] = layer.fl_count ? layer.fl_count() : layer.getLayers().length;
      }
    });
    return out;
  }

  window.frontline = {
    layers: layers,
    counts: counts,
    safeUrl: safeUrl,
    table: table,
    eventsLayer: eventsLayer,
    clusterLayer: clusterLayer,
    geojsonLayer: geojsonLayer,
    timeLayer: timeLayer,
    legend: legend,
    note: note,
    measure: function (map) {
      var ctl = new MeasureControl();
      map.fl_measure = ctl;
      return ctl.addTo(map);
    },
  };
})();
