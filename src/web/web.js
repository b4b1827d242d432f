// chronomap web map: year slider and Play restyle the sites in place; pan and zoom by drag,
// wheel, pinch, buttons and keys; site histories; the address holds the year and the site.
// Data text is never parsed as markup: the page is written escaped, and this script only
// sets textContent and attributes.
"use strict";
(function () {
  performance.mark("cm-script-start");
  var data = JSON.parse(document.getElementById("web-data").textContent);
  var years = data.years;
  var svg = document.getElementById("map");
  var mapbox = document.getElementById("mapbox");
  var viewport = document.getElementById("viewport");
  var scalebar = document.getElementById("scalebar");
  var slider = document.getElementById("slider");
  var yearOut = document.getElementById("year");
  var eventsYear = document.getElementById("events-year");
  var desc = document.getElementById("map-desc");
  var play = document.getElementById("play");
  var prev = document.getElementById("prev");
  var next = document.getElementById("next");
  var history = document.getElementById("history");
  var historyTitle = document.getElementById("history-title");
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");

  // Sites by index: their focusable group, symbol variants, label variants, counter-scaled groups.
  var sites = data.sites.map(function (id, i) {
    var g = svg.querySelector('.site[data-i="' + i + '"]');
    var l = svg.querySelector('.label[data-i="' + i + '"]');
    return {
      id: id,
      g: g,
      sym: g ? g.querySelectorAll(":scope > .cs > .v") : [],
      lab: l ? l.querySelectorAll(":scope > .cs > .v") : [],
      name: g ? g.getAttribute("data-name") : id,
    };
  });
  var byId = new Map();
  sites.forEach(function (s, i) { byId.set(s.id, i); });
  var scaled = Array.prototype.map.call(svg.querySelectorAll(".cs"), function (g) {
    return { g: g, x: parseFloat(g.getAttribute("data-x")), y: parseFloat(g.getAttribute("data-y")) };
  });
  // Basemap names and place dots keep their size on screen too, each around its own point.
  // A place's name follows its dot (written just before it: a circle, or a group of
  // circles for a capital) and is scaled around it, so the two stay together.
  var dots = Array.prototype.map.call(svg.querySelectorAll("#basemap-labels circle"), function (e) {
    return { g: e, x: parseFloat(e.getAttribute("cx")), y: parseFloat(e.getAttribute("cy")), size: 10.5 };
  });
  svg.querySelectorAll("#basemap-labels text").forEach(function (e) {
    var dot = e.previousElementSibling;
    if (dot && dot.tagName === "g") dot = dot.querySelector("circle");
    var onDot = dot && dot.tagName === "circle";
    scaled.push({
      g: e,
      x: parseFloat(onDot ? dot.getAttribute("cx") : e.getAttribute("x")),
      y: parseFloat(onDot ? dot.getAttribute("cy") : e.getAttribute("y")),
      size: parseFloat(e.getAttribute("font-size")) || 10.5,
    });
  });
  scaled = scaled.concat(dots);
  var yearLists = {};
  document.querySelectorAll(".year-events").forEach(function (el) {
    yearLists[el.getAttribute("data-year")] = el;
  });
  var histories = new Map();
  document.querySelectorAll(".site-history").forEach(function (el) {
    histories.set(el.getAttribute("data-site"), el);
  });

  var current = 0;
  var openSite = null;
  var ready = false;

  function show(list, k) {
    for (var j = 0; j < list.length; j++) {
      if (j === k) list[j].removeAttribute("display");
      else if (!list[j].hasAttribute("display")) list[j].setAttribute("display", "none");
    }
  }

  function siteLabel(i, y) {
    var s = sites[i];
    var text = s.name + ": " + data.status_names[data.status[y][i]];
    if (data.changed[y][i]) text += ", changed in " + years[y];
    if (data.disputed[y][i]) text += ", sources disagree on a date";
    return text + ". Press Enter for its history.";
  }

  // Shows year index y: restyles every site in place (nothing is replaced, so the view stays).
  function setYear(y, keepAddress) {
    y = Math.max(0, Math.min(years.length - 1, y));
    performance.mark("cm-year-start");
    var old = yearLists[years[current]];
    if (old) old.hidden = true;
    current = y;
    for (var i = 0; i < sites.length; i++) {
      var s = sites[i];
      if (!s.g) continue;
      show(s.sym, data.sym[y][i]);
      show(s.lab, data.lab[y][i]);
      s.g.setAttribute("aria-label", siteLabel(i, y));
    }
    var list = yearLists[years[y]];
    if (list) list.hidden = false;
    yearOut.textContent = years[y];
    eventsYear.textContent = years[y];
    desc.textContent = data.desc[y];
    slider.value = y;
    slider.setAttribute("aria-valuetext", String(years[y]));
    prev.disabled = y === 0;
    next.disabled = y === years.length - 1;
    document.title = data.title + " — " + years[y];
    if (!keepAddress) writeAddress();
    if (!ready) return;
    // Style and layout are forced here so that the measure covers them (not while the page
    // opens: its first layout comes with the first paint).
    void svg.getBoundingClientRect().width;
    void document.body.offsetHeight;
    performance.mark("cm-year-end");
    performance.measure("cm-year-step", "cm-year-start", "cm-year-end");
  }

  // The address: #YEAR or #YEAR/SITE.
  function writeAddress() {
    var hash = "#" + years[current] + (openSite !== null ? "/" + encodeURIComponent(sites[openSite].id) : "");
    if (location.hash === hash) return;
    try {
      window.history.replaceState(null, "", hash);
    } catch (e) {
      location.replace(hash);
    }
  }

  function readAddress() {
    var parts = decodeURIComponent(location.hash.replace(/^#/, "")).split("/");
    if (!/^-?\d+$/.test(parts[0] || "")) return false;
    var y = years.indexOf(parseInt(parts[0], 10));
    if (y < 0) return false;
    setYear(y, true);
    if (parts.length > 1 && byId.has(parts.slice(1).join("/"))) {
      openHistory(byId.get(parts.slice(1).join("/")), false);
    } else {
      closeHistory(false);
    }
    return true;
  }

  function openHistory(i, focus) {
    var s = sites[i];
    var el = histories.get(s.id);
    if (!el) return;
    histories.forEach(function (h) { h.hidden = true; });
    if (openSite !== null && sites[openSite].g) sites[openSite].g.classList.remove("selected");
    el.hidden = false;
    history.hidden = false;
    historyTitle.textContent = "History of " + s.name;
    openSite = i;
    if (s.g) s.g.classList.add("selected");
    writeAddress();
    if (focus) historyTitle.focus();
  }

  function closeHistory(focusSite) {
    if (openSite === null) { history.hidden = true; return; }
    var s = sites[openSite];
    if (s.g) s.g.classList.remove("selected");
    history.hidden = true;
    openSite = null;
    writeAddress();
    if (focusSite && s.g) s.g.focus();
  }

  // --- Pan and zoom: the viewport group is moved and scaled; sites and labels are
  // counter-scaled around their points, so they keep their size on screen.
  var box = {
    x0: parseFloat(svg.getAttribute("data-x0")), y0: parseFloat(svg.getAttribute("data-y0")),
    x1: parseFloat(svg.getAttribute("data-x1")), y1: parseFloat(svg.getAttribute("data-y1")),
  };
  var view = { k: 1, tx: 0, ty: 0 };
  var MAX_ZOOM = 12;
  var LEGIBLE = 12;

  function clampView() {
    view.k = Math.max(1, Math.min(MAX_ZOOM, view.k));
    var k = view.k;
    view.tx = Math.min(box.x0 - k * box.x0, Math.max(box.x1 - k * box.x1, view.tx));
    view.ty = Math.min(box.y0 - k * box.y0, Math.max(box.y1 - k * box.y1, view.ty));
  }

  function applyView() {
    clampView();
    viewport.setAttribute("transform", "translate(" + view.tx + " " + view.ty + ") scale(" + view.k + ")");
    // Sites, places and their names grow with the zoom until the names read at LEGIBLE
    // px, then keep that size on screen (counter-scaled around their points).
    var m = svg.getScreenCTM();
    var unit = m && m.a > 0 ? m.a : 1;
    for (var i = 0; i < scaled.length; i++) {
      var c = scaled[i];
      var natural = c.size * unit;
      var f = Math.min(1, Math.max(natural, LEGIBLE) / (natural * view.k));
      if (f === 1) c.g.removeAttribute("transform");
      else c.g.setAttribute("transform", "matrix(" + f + " 0 0 " + f + " " + c.x * (1 - f) + " " + c.y * (1 - f) + ")");
    }
    svg.classList.toggle("fixed-strokes", unit * view.k >= 1);
    // The scale bar holds only at the full view.
    if (scalebar) scalebar.style.display = view.k === 1 ? "" : "none";
  }

  // A point on screen in map units (before the viewport transform).
  function toMap(clientX, clientY) {
    var m = svg.getScreenCTM();
    if (!m) return { x: (box.x0 + box.x1) / 2, y: (box.y0 + box.y1) / 2 };
    return { x: (clientX - m.e) / m.a, y: (clientY - m.f) / m.d };
  }

  function zoomAt(factor, p) {
    var k = Math.max(1, Math.min(MAX_ZOOM, view.k * factor));
    var f = k / view.k;
    view.tx = p.x - (p.x - view.tx) * f;
    view.ty = p.y - (p.y - view.ty) * f;
    view.k = k;
    applyView();
  }

  function centre() { return { x: (box.x0 + box.x1) / 2, y: (box.y0 + box.y1) / 2 }; }

  function panBy(dx, dy) { view.tx += dx; view.ty += dy; applyView(); }

  svg.addEventListener("wheel", function (e) {
    e.preventDefault();
    var factor = Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015));
    zoomAt(factor, toMap(e.clientX, e.clientY));
  }, { passive: false });

  var pointers = new Map();
  var pinch = null;
  var moved = 0;
  svg.addEventListener("pointerdown", function (e) {
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    moved = 0;
    if (pointers.size === 2) {
      var p = Array.from(pointers.values());
      pinch = { d: Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y) };
    }
  });
  svg.addEventListener("pointermove", function (e) {
    var last = pointers.get(e.pointerId);
    if (!last) return;
    var m = svg.getScreenCTM();
    var unit = m ? m.a : 1;
    if (pointers.size === 1) {
      var dx = e.clientX - last.x, dy = e.clientY - last.y;
      moved += Math.abs(dx) + Math.abs(dy);
      if (moved > 3) {
        if (!svg.hasPointerCapture(e.pointerId)) svg.setPointerCapture(e.pointerId);
        svg.classList.add("dragging");
        panBy(dx / unit, dy / unit);
      }
    }
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.size === 2 && pinch) {
      var p = Array.from(pointers.values());
      var d = Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y);
      if (pinch.d > 0 && d > 0) zoomAt(d / pinch.d, toMap((p[0].x + p[1].x) / 2, (p[0].y + p[1].y) / 2));
      pinch.d = d;
      moved = 100;
    }
  });
  function up(e) {
    pointers.delete(e.pointerId);
    if (pointers.size < 2) pinch = null;
    svg.classList.remove("dragging");
  }
  svg.addEventListener("pointerup", up);
  svg.addEventListener("pointercancel", up);

  document.getElementById("zoom-in").addEventListener("click", function () { zoomAt(1.5, centre()); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoomAt(1 / 1.5, centre()); });
  document.getElementById("zoom-reset").addEventListener("click", function () {
    view = { k: 1, tx: 0, ty: 0 };
    applyView();
  });

  mapbox.addEventListener("keydown", function (e) {
    var step = (box.x1 - box.x0) * 0.08;
    var handled = true;
    switch (e.key) {
      case "ArrowLeft": panBy(step, 0); break;
      case "ArrowRight": panBy(-step, 0); break;
      case "ArrowUp": panBy(0, step); break;
      case "ArrowDown": panBy(0, -step); break;
      case "+": case "=": zoomAt(1.5, centre()); break;
      case "-": case "_": zoomAt(1 / 1.5, centre()); break;
      case "0": view = { k: 1, tx: 0, ty: 0 }; applyView(); break;
      default: handled = false;
    }
    if (handled) e.preventDefault();
  });

  // --- Sites: click, or Enter / Space when focused.
  function siteFrom(target) {
    var g = target.closest && target.closest("[data-i]");
    return g ? parseInt(g.getAttribute("data-i"), 10) : null;
  }
  svg.addEventListener("click", function (e) {
    if (moved > 3) return;
    var i = siteFrom(e.target);
    if (i !== null) openHistory(i, true);
  });
  svg.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" && e.key !== " ") return;
    var i = siteFrom(e.target);
    if (i === null) return;
    e.preventDefault();
    e.stopPropagation();
    openHistory(i, true);
  });
  document.getElementById("history-close").addEventListener("click", function () { closeHistory(true); });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && openSite !== null) closeHistory(true);
  });
  document.querySelectorAll(".site-link").forEach(function (b) {
    b.addEventListener("click", function () {
      var i = byId.get(b.getAttribute("data-site"));
      if (i !== undefined) openHistory(i, true);
    });
  });

  // --- Years.
  var timer = null;
  function stop() {
    if (timer !== null) clearInterval(timer);
    timer = null;
    play.textContent = "▶ Play";
    play.setAttribute("aria-pressed", "false");
  }
  function start() {
    if (current === years.length - 1) setYear(0);
    // With reduced motion the years change slowly enough to read each one.
    var delay = reduced && reduced.matches ? 2500 : 900;
    timer = setInterval(function () {
      if (current >= years.length - 1) { stop(); return; }
      setYear(current + 1);
    }, delay);
    play.textContent = "❚❚ Pause";
    play.setAttribute("aria-pressed", "true");
  }
  play.addEventListener("click", function () { if (timer === null) start(); else stop(); });
  prev.addEventListener("click", function () { stop(); setYear(current - 1); });
  next.addEventListener("click", function () { stop(); setYear(current + 1); });
  slider.addEventListener("input", function () { stop(); setYear(parseInt(slider.value, 10)); });
  window.addEventListener("hashchange", function () { readAddress(); });
  window.addEventListener("resize", function () { applyView(); });

  // --- The table: sort by date, site or status.
  var table = document.getElementById("events-table");
  var tbody = table.tBodies[0];
  table.querySelectorAll("button.sort").forEach(function (b) {
    b.addEventListener("click", function () {
      var key = b.getAttribute("data-key");
      var th = b.parentNode;
      var asc = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(tbody.rows);
      var val = function (r) { return r.getAttribute("data-" + key); };
      rows.sort(function (a, b2) {
        var x = val(a), y = val(b2);
        var c = x < y ? -1 : x > y ? 1 : 0;
        return asc ? c : -c;
      });
      rows.forEach(function (r) { tbody.appendChild(r); });
    });
  });

  if (!readAddress()) setYear(0, true);
  ready = true;
  performance.mark("cm-ready");
})();
