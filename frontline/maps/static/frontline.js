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

  // A Leaflet control at `position` (e.g. "topleft") whose element `build()` makes.
  function addControl(map, position, build) {
    var Ctl = L.Control.extend({ options: { position: position }, onAdd: build });
    return new Ctl().addTo(map);
  }

  // A control's box for input: clicks and wheel turns on it stay off the map (they would pan or zoom it).
  function inputBox(className) {
    var box = el("div", className);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
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
    if (c.fl_codes) return c.fl_codes[i];
    if (!data.digit) {
      data.digit = {};
      for (var k = 0; k < data.alphabet.length; k++) data.digit[data.alphabet.charCodeAt(k)] = k;
    }
    var v = 0, base = data.alphabet.length, at = i * c.width;
    for (var j = 0; j < c.width; j++) v = v * base + data.digit[c.codes.charCodeAt(at + j)];
    return v - 1;
  }

  // Every row's code of a packed column at once, kept on the column (the loops over a million events
  // read typed arrays, not digit strings).
  function decodeAll(data, c) {
    if (!c || c.identity || c.fl_codes) return;
    var width = c.width, text = c.codes, n = text.length / width, out = new Int32Array(n);
    var digit = new Int32Array(128), base = data.alphabet.length;
    for (var k = 0; k < base; k++) digit[data.alphabet.charCodeAt(k)] = k;
    for (var i = 0, at = 0; i < n; i++) {
      var v = 0;
      for (var j = 0; j < width; j++, at++) v = v * base + digit[text.charCodeAt(at)];
      out[i] = v - 1;
    }
    c.fl_codes = out;
  }

  function column(data, name, i) {
    var c = data.cols[name];
    if (!c) return "";
    var k = c.identity ? i : code(data, c, i);
    if (k < 0) return "";
    if (c.values) return c.values[k];
    return c.text ? c.text[k] || "" : "";
  }

  // Long text columns arrive gzip-compressed (base64 of the values joined by U+0001); they are
  // unpacked once, in the background, by the browser's own DecompressionStream.
  function unpackText(data) {
    if (data.fl_ready) return data.fl_ready;
    var jobs = Object.keys(data.cols).map(function (name) {
      var c = data.cols[name];
      if (!c.gzip) return Promise.resolve();
      var bytes = Uint8Array.from(atob(c.gzip), function (ch) { return ch.charCodeAt(0); });
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).text().then(function (text) {
        c.text = text.split("\u0001");
      });
    });
    data.fl_ready = Promise.all(jobs);
    return data.fl_ready;
  }

  function hasPacked(data) {
    return Object.keys(data.cols).some(function (name) { return !!data.cols[name].gzip; });
  }

  // Coordinates: base64 of little-endian int32 (degrees × 1e5), or plain lists.
  function coords(packed) {
    if (typeof packed !== "string") return packed;
    var raw = atob(packed), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    var ints = new Int32Array(bytes.buffer), out = new Float64Array(ints.length);
    for (var j = 0; j < ints.length; j++) out[j] = ints[j] / 1e5;
    return out;
  }

  // The day of each event (days since data.day0), -1 when it has none.
  function eventDay(data, i) {
    return data.days ? code(data, data.days, i) : -1;
  }

  // The time window the map shows ({lo, hi, full}: day numbers since 1970), or null for all.
  function inWindow(map, data, i) {
    var w = map.fl_time;
    if (!w || w.full) return true;
    var d = eventDay(data, i);
    if (d < 0) return false;
    d += data.day0;
    return d >= w.lo && d <= w.hi;
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
    return conf === "" || conf === "confirmed" || conf === "reported";
  }

  function eventColor(data, i) {
    var c = data.cols.event_type, t = !c ? -1 : c.identity ? i : code(data, c, i);
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
    var show = function () {
      L.popup({ maxWidth: 360, autoPanPaddingTopLeft: [60, 60] })
        .setLatLng(latlng || [data.lat[i], data.lon[i]])
        .setContent(eventPopup(data, i))
        .openOn(map);
    };
    if (hasPacked(data)) unpackText(data).then(show);
    else show();
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
   * milliseconds, where one Leaflet layer object per point takes seconds. Clicks find the nearest point.
   * When more than data.cells_above events are in view, they are counted in cells of data.cell_px
   * pixels instead (a circle and its number per cell); a click on a cell zooms in on it. Only events
   * inside the map's time window (map.fl_time, set by the time control) are drawn. */
  var PointsLayer = L.Layer.extend({
    initialize: function (data) {
      data.lon = coords(data.lon);
      data.lat = coords(data.lat);
      this._data = data;
      var p = projectAll(data);
      this._x = p.x;
      this._y = p.y;
      var n = data.lon.length;
      ["event_type", "x_confidence"].forEach(function (name) { decodeAll(data, data.cols[name]); });
      if (data.days) decodeAll(data, data.days);
      // Events grouped by colour and firmness (one canvas path each): a group number per distinct
      // (type, confidence) pair, then the events of each group in one typed array (a counting sort).
      var keyOf = {}, keys = [], pairOf = {}, group = new Int32Array(n);
      var tc = data.cols.event_type, cc = data.cols.x_confidence;
      for (var i = 0; i < n; i++) {
        var t = !tc ? -1 : tc.identity ? i : code(data, tc, i), f = !cc ? -1 : cc.identity ? i : code(data, cc, i);
        var pair = t + ":" + f, g = pairOf[pair];
        if (g === undefined) {
          var key = eventColor(data, i) + (isFirm(data, i) ? "|1" : "|0");
          g = keyOf[key];
          if (g === undefined) {
            g = keyOf[key] = keys.length;
            keys.push(key);
          }
          if (!(tc && tc.identity) && !(cc && cc.identity)) pairOf[pair] = g;
        }
        group[i] = g;
      }
      var count = new Int32Array(keys.length + 1);
      for (i = 0; i < n; i++) count[group[i] + 1]++;
      for (i = 0; i < keys.length; i++) count[i + 1] += count[i];
      var order = new Int32Array(n), at = count.slice(0, keys.length);
      for (i = 0; i < n; i++) order[at[group[i]]++] = i;
      this._groups = keys.map(function (key, k) {
        return { key: key, members: order.subarray(count[k], count[k + 1]) };
      });
      this._drawn = 0;
      this._cells = [];
      this._sx = new Float32Array(n);
      this._sy = new Float32Array(n);
      this._visible = new Uint8Array(n);
      this._seen = new Int32Array(n);
    },
    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "fl-points leaflet-zoom-hide");
      this._canvas.style.pointerEvents = "none";
      map.getPane("overlayPane").appendChild(this._canvas);
      map.on("moveend resize fl_time", this._redraw, this);
      map.on("click", this._onClick, this);
      map.on("mousemove", this._onMove, this);
      this._redraw();
    },
    onRemove: function (map) {
      map.off("moveend resize fl_time", this._redraw, this);
      map.off("click", this._onClick, this);
      map.off("mousemove", this._onMove, this);
      L.DomUtil.remove(this._canvas);
      this._drawn = 0;
    },
    fl_count: function () {
      return this._drawn;
    },
    fl_total: function () {
      var n = 0;
      if (this._cells.length) this._cells.forEach(function (c) { n += c.n; });
      else n = this._drawn;
      return n;
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
      var data = this._data, r = data.radius, self = this, seen = this._seen, m = 0;
      var xs = this._x, ys = this._y, keep = this._sx, keepY = this._sy, w = map.fl_time;
      var all = !w || w.full;
      this._visible.fill(0);
      for (var i = 0; i < xs.length; i++) {
        var sx = xs[i] * scale - origin.x, sy = ys[i] * scale - origin.y;
        if (sx < -r || sy < -r || sx > size.x + r || sy > size.y + r) continue;
        if (!all && !inWindow(map, data, i)) continue;
        keep[i] = sx;
        keepY[i] = sy;
        seen[m++] = i;
      }
      if (m > data.cells_above && map.getZoom() < data.cells_max_zoom) {
        this._drawCells(ctx, seen.subarray(0, m), size);
        return;
      }
      this._cells = [];
      for (var v = 0; v < m; v++) this._visible[seen[v]] = 1;
      var drawn = 0;
      this._groups.forEach(function (grp) {
        var parts = grp.key.split("|"), firm = parts[1] === "1", members = grp.members;
        ctx.beginPath();
        for (var k = 0; k < members.length; k++) {
          var j = members[k];
          if (!self._visible[j]) continue;
          var px = self._sx[j], py = self._sy[j];
          ctx.moveTo(px + r, py);
          ctx.arc(px, py, r, 0, 2 * Math.PI);
          drawn++;
        }
        ctx.globalAlpha = firm ? 0.8 : 0.3;
        ctx.fillStyle = parts[0];
        ctx.fill();
        ctx.globalAlpha = 1;
        ctx.setLineDash(firm ? [] : [2, 2]);
        ctx.lineWidth = firm ? 1 : 1.5;
        ctx.strokeStyle = parts[0];
        ctx.stroke();
      });
      ctx.setLineDash([]);
      this._drawn = drawn;
    },
    _drawCells: function (ctx, seen, size) {
      // Counted on a grid of typed arrays (a margin of two cells each side for points on the edge).
      var px = this._data.cell_px, gw = Math.ceil(size.x / px) + 4, gh = Math.ceil(size.y / px) + 4;
      var cn = new Int32Array(gw * gh), cx = new Float64Array(gw * gh), cy = new Float64Array(gw * gh);
      var list = [], first = new Int32Array(gw * gh).fill(-1);
      for (var k = 0; k < seen.length; k++) {
        var i = seen[k], sx = this._sx[i], sy = this._sy[i];
        var g = (Math.floor(sx / px) + 2) * gh + Math.floor(sy / px) + 2;
        if (first[g] < 0) first[g] = k;
        cn[g]++;
        cx[g] += sx;
        cy[g] += sy;
      }
      var used = [];
      for (g = 0; g < cn.length; g++) if (cn[g]) used.push(g);
      used.sort(function (a, b) { return first[a] - first[b]; });  // cells in the order events meet them
      used.forEach(function (g) { list.push({ n: cn[g], x: cx[g], y: cy[g] }); });
      ctx.font = "600 11px system-ui, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      list.forEach(function (c) {
        c.x /= c.n;
        c.y /= c.n;
        c.r = Math.min(8 + 4 * Math.log10(c.n), 22);
        ctx.beginPath();
        ctx.arc(c.x, c.y, c.r, 0, 2 * Math.PI);
        ctx.fillStyle = c.n < 100 ? "rgba(110, 204, 57, 0.8)" : c.n < 1000 ? "rgba(240, 194, 12, 0.85)" : "rgba(241, 128, 23, 0.85)";
        ctx.fill();
        ctx.lineWidth = 1;
        ctx.strokeStyle = "rgba(0, 0, 0, 0.35)";
        ctx.stroke();
        ctx.fillStyle = "#111";
        ctx.fillText(c.n >= 10000 ? Math.round(c.n / 1000) + "k" : String(c.n), c.x, c.y);
      });
      this._cells = list;
      this._drawn = list.length;
    },
    _cellAt: function (point) {
      for (var k = 0; k < this._cells.length; k++) {
        var c = this._cells[k], dx = c.x - point.x, dy = c.y - point.y;
        if (dx * dx + dy * dy <= c.r * c.r) return c;
      }
      return null;
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
      if (this._cells.length) {
        var cell = this._cellAt(e.containerPoint);
        if (cell) this._map.setZoomAround(e.containerPoint, Math.min(this._map.getZoom() + 2, 18));
        return;
      }
      var i = this._nearest(e.containerPoint);
      if (i >= 0) openEventPopup(this._map, this._data, i);
    },
    _onMove: function (e) {
      var hit = this._cells.length ? this._cellAt(e.containerPoint) : this._nearest(e.containerPoint) >= 0;
      this._map.getContainer().style.cursor = hit ? "pointer" : "";
    },
  });

  function eventsLayer(map, data) {
    return new PointsLayer(data);
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

  function dayNumber(iso) {
    return Math.round(Date.parse(iso + "T00:00:00Z") / 86400000);
  }

  function isoDay(n) {
    return new Date(n * 86400000).toISOString().slice(0, 10);
  }

  // Control of one date at a time: the latest of data.dates on or before the end of the map's time
  // window (all dates' features are built once; a change of date swaps them).
  function timeLayer(map, data) {
    var group = L.featureGroup();
    var built = data.by_date.map(function (fc) { return geojsonLayer(map, fc); });
    var days = data.dates.map(dayNumber);
    var current = -1;
    group.fl_show = function (k) {
      if (k === current) return;
      current = k;
      group.clearLayers();
      if (k >= 0) group.addLayer(built[k]);
      group.fl_date = k >= 0 ? data.dates[k] : null;
    };
    group.fl_follow = function () {
      var w = map.fl_time, k = days.length - 1;
      if (w && !w.full) {
        k = -1;
        for (var j = 0; j < days.length; j++) if (days[j] <= w.hi) k = j;
      }
      group.fl_show(k);
    };
    group.fl_count = function () {
      var n = 0;
      group.eachLayer(function (l) {
        n += l.getLayers ? l.getLayers().length : 1;
      });
      return n;
    };
    group.on("add", function () {
      map.on("fl_time", group.fl_follow);
      group.fl_follow();
    });
    group.on("remove", function () {
      map.off("fl_time", group.fl_follow);
    });
    group.fl_follow();
    return group;
  }

  /* The time control: a window of days [from, to] over data.days (every event's and control map's
   * date). Events outside the window are hidden; control shows its latest map on or before "to".
   * "One day" keeps from = to; ◀ ▶ move the window by one step. */
  function timeControl(map, data) {
    var days = data.days.map(dayNumber), last = days.length - 1;
    var state = { lo: 0, hi: last, one: false };
    function apply() {
      map.fl_time = { lo: days[state.lo], hi: days[state.hi], full: state.lo === 0 && state.hi === last };
      map.fire("fl_time");
    }
    return addControl(map, "bottomleft", function () {
      var box = inputBox("fl-time leaflet-bar");
      box.appendChild(el("div", "fl-time-title", data.title));
      var from = el("input", "fl-time-from");
      var to = el("input", "fl-time-slider fl-time-to");
      [from, to].forEach(function (s) {
        s.type = "range";
        s.min = "0";
        s.max = String(last);
        s.step = "1";
      });
      from.title = "From";
      to.title = "To";
      var prev = el("button", "fl-time-prev", "◀");
      prev.type = "button";
      prev.title = "Earlier";
      var next = el("button", "fl-time-next", "▶");
      next.type = "button";
      next.title = "Later";
      var oneLabel = el("label", "fl-time-one");
      var one = el("input");
      one.type = "checkbox";
      oneLabel.appendChild(one);
      oneLabel.appendChild(el("span", null, " one day"));
      var label = el("div", "fl-time-date", "");
      var row1 = el("div", "fl-time-row"), row2 = el("div", "fl-time-row");
      row1.appendChild(el("span", "fl-time-key", "from"));
      row1.appendChild(from);
      row2.appendChild(el("span", "fl-time-key", "to"));
      row2.appendChild(to);
      box.appendChild(row1);
      box.appendChild(row2);
      var row3 = el("div", "fl-time-row");
      row3.appendChild(prev);
      row3.appendChild(next);
      row3.appendChild(oneLabel);
      box.appendChild(row3);
      box.appendChild(label);
      function show() {
        from.value = String(state.lo);
        to.value = String(state.hi);
        from.disabled = state.one;
        var a = data.days[state.lo], b = data.days[state.hi];
        label.textContent = a === b ? a : a + " – " + b;
        apply();
      }
      from.addEventListener("input", function () {
        state.lo = Math.min(parseInt(from.value, 10), state.hi);
        show();
      });
      to.addEventListener("input", function () {
        state.hi = parseInt(to.value, 10);
        if (state.one || state.lo > state.hi) state.lo = state.hi;
        show();
      });
      one.addEventListener("change", function () {
        state.one = one.checked;
        if (state.one) state.lo = state.hi;
        show();
      });
      function step(d) {
        var width = state.hi - state.lo;
        state.hi = Math.max(width, Math.min(last, state.hi + d));
        state.lo = state.hi - width;
        show();
      }
      prev.addEventListener("click", function () { step(-1); });
      next.addEventListener("click", function () { step(1); });
      map.fl_timeSet = function (lo, hi) {
        state.lo = Math.max(0, Math.min(lo, last));
        state.hi = Math.max(state.lo, Math.min(hi, last));
        show();
      };
      show();
      return box;
    });
  }

  /* ---- settlement labels by zoom, without overlaps ---- */

  // data: {names, lon, lat, zoom}: each place is labelled from its zoom on, most populous first,
  // and left out where its label would overlap one already placed.
  function labelsLayer(map, data) {
    var layer = L.layerGroup();
    var pane = map.getPane("fl-labels") || map.createPane("fl-labels");
    pane.style.zIndex = 640;
    pane.style.pointerEvents = "none";
    function redraw() {
      layer.clearLayers();
      var z = map.getZoom(), bounds = map.getBounds().pad(0.05), boxes = [];
      for (var i = 0; i < data.names.length; i++) {
        if (data.zoom[i] > z) continue;
        var ll = L.latLng(data.lat[i], data.lon[i]);
        if (!bounds.contains(ll)) continue;
        var p = map.latLngToContainerPoint(ll), w = 7 * data.names[i].length + 10, h = 16, gap = 14;
        var box = [p.x - gap, p.y - h / 2 - gap, p.x + w + gap, p.y + h / 2 + gap], free = true;
        for (var k = 0; k < boxes.length && free; k++) {
          var o = boxes[k];
          free = box[2] < o[0] || box[0] > o[2] || box[3] < o[1] || box[1] > o[3];
        }
        if (!free) continue;
        boxes.push(box);
        var icon = L.divIcon({ className: "fl-place", html: el("span", "fl-place-name", data.names[i]),
                               iconSize: null, iconAnchor: [-4, 8] });
        layer.addLayer(L.marker(ll, { icon: icon, interactive: false, keyboard: false, pane: "fl-labels" }));
        layer.addLayer(L.circleMarker(ll, { radius: 2, color: "#333", weight: 1, fillColor: "#fff",
                                            fillOpacity: 1, interactive: false, pane: "fl-labels" }));
      }
    }
    layer.on("add", function () {
      map.on("zoomend moveend", redraw);
      redraw();
    });
    layer.on("remove", function () {
      map.off("zoomend moveend", redraw);
    });
    layer.fl_count = function () {
      var n = 0;
      layer.eachLayer(function (l) { if (l instanceof L.Marker) n++; });
      return n;
    };
    return layer;
  }

  /* ---- search over the places on the map ---- */

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // places: {names, lon, lat, kinds}; results are buttons built as text, at most eight.
  function search(map, places) {
    var keys = places.names.map(fold);
    return addControl(map, "topleft", function () {
      var box = inputBox("fl-search leaflet-bar");
      var input = el("input", "fl-search-input");
      input.type = "search";
      input.placeholder = "Find a place…";
      input.setAttribute("aria-label", "Find a place on the map");
      var list = el("div", "fl-search-results");
      box.appendChild(input);
      box.appendChild(list);
      var marker = null;
      function go(i) {
        var ll = L.latLng(places.lat[i], places.lon[i]);
        map.setView(ll, Math.max(map.getZoom(), 11));
        if (marker) marker.remove();
        marker = L.circleMarker(ll, { radius: 12, color: "#d81b60", weight: 3, fill: false, interactive: false })
          .addTo(map);
        list.textContent = "";
        input.value = places.names[i];
      }
      input.addEventListener("input", function () {
        list.textContent = "";
        var q = fold(input.value.trim());
        if (!q) return;
        var starts = [], within = [];
        for (var i = 0; i < keys.length && starts.length < 8; i++) {
          if (keys[i].indexOf(q) === 0) starts.push(i);
          else if (within.length < 8 && keys[i].indexOf(q) > 0) within.push(i);
        }
        starts.concat(within).slice(0, 8).forEach(function (i) {
          var b = el("button", "fl-search-hit", places.names[i]);
          b.type = "button";
          if (places.kinds[i]) b.appendChild(el("span", "fl-search-kind", " " + places.kinds[i]));
          b.addEventListener("click", function () { go(i); });
          list.appendChild(b);
        });
      });
      input.addEventListener("keydown", function (e) {
        if (e.key === "Enter" && list.firstChild) list.firstChild.click();
      });
      return box;
    });
  }

  /* ---- credits: every data source, as text ---- */

  function credits(map, lines) {
    return addControl(map, "bottomright", function () {
      var box = el("div", "fl-credits");
      box.appendChild(el("span", "fl-credits-title", "Data: "));
      lines.forEach(function (line, k) {
        box.appendChild(el("span", "fl-credit", (k ? " · " : "") + line));
      });
      return box;
    });
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
    return addControl(map, "bottomright", function () {
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
    });
  }

  function note(map, text, position, className) {
    return addControl(map, position || "topright", function () {
      return el("div", className || "fl-note", text);
    });
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
    geojsonLayer: geojsonLayer,
    timeLayer: timeLayer,
    timeControl: timeControl,
    labelsLayer: labelsLayer,
    search: search,
    credits: credits,
    legend: legend,
    note: note,
    measure: function (map) {
      var ctl = new MeasureControl();
      map.fl_measure = ctl;
      return ctl.addTo(map);
    },
  };
})();
