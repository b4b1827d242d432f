(function () {
  "use strict";
  var source = document.getElementById("viewer-data");
  if (!source) { return; }
  var data = JSON.parse(source.textContent);
  var years = data.years;
  if (!years || years.length === 0) { return; }

  var STEP_MS = 1500;
  var slider = document.getElementById("slider");
  var yearOut = document.getElementById("year");
  var img = document.getElementById("map");
  var heading = document.getElementById("events-heading");
  var list = document.getElementById("events");
  var empty = document.getElementById("no-events");
  var play = document.getElementById("play");
  var prev = document.getElementById("prev");
  var next = document.getElementById("next");
  var current = 0;
  var timer = null;

  function cell(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    el.textContent = text;
    return el;
  }

  function show(index) {
    var i = Math.max(0, Math.min(years.length - 1, index));
    var y = years[i];
    current = i;
    slider.value = String(i);
    slider.setAttribute("aria-valuetext", String(y.year));
    yearOut.textContent = String(y.year);
    img.src = y.src;
    img.alt = y.alt;
    heading.textContent = "Events in " + y.year;
    list.textContent = "";
    y.events.forEach(function (e) {
      var li = document.createElement("li");
      var when = cell("time", "", e.date);
      when.setAttribute("datetime", e.date);
      li.appendChild(when);
      li.appendChild(cell("span", "site", e.site));
      var what = cell("span", "summary", e.summary);
      if (e.sources) { what.appendChild(cell("span", "sources", e.sources)); }
      li.appendChild(what);
      list.appendChild(li);
    });
    list.hidden = y.events.length === 0;
    empty.hidden = y.events.length > 0;
    prev.disabled = i === 0;
    next.disabled = i === years.length - 1;
    document.title = data.title + " \u2014 " + y.year;
    try { history.replaceState(null, "", "#" + y.year); } catch (err) { /* some file:// setups refuse */ }
  }

  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    play.textContent = "\u25B6 Play";
    play.setAttribute("aria-pressed", "false");
  }

  function start() {
    if (current >= years.length - 1) { show(0); }
    play.textContent = "\u275A\u275A Pause";
    play.setAttribute("aria-pressed", "true");
    timer = setInterval(function () {
      if (current >= years.length - 1) { stop(); return; }
      show(current + 1);
    }, STEP_MS);
  }

  function toggle() { if (timer === null) { start(); } else { stop(); } }

  play.addEventListener("click", toggle);
  prev.addEventListener("click", function () { stop(); show(current - 1); });
  next.addEventListener("click", function () { stop(); show(current + 1); });
  slider.addEventListener("input", function () {
    stop();
    show(parseInt(slider.value, 10) || 0);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey || ev.defaultPrevented) { return; }
    // The focused slider moves itself on arrow keys and reports it with an input event.
    if (ev.target === slider && ev.key !== " ") { return; }
    var key = ev.key;
    if (key === "ArrowRight" || key === "ArrowUp") { stop(); show(current + 1); }
    else if (key === "ArrowLeft" || key === "ArrowDown") { stop(); show(current - 1); }
    else if (key === "Home") { stop(); show(0); }
    else if (key === "End") { stop(); show(years.length - 1); }
    else if (key === " " && !(ev.target instanceof HTMLButtonElement)) { toggle(); }
    else { return; }
    ev.preventDefault();
  });

  // Load every map once, so moving between years is instant.
  years.forEach(function (y) { var im = new Image(); im.src = y.src; });

  // The year in the address (index.html#2019): where the page opens, and where it goes when
  // the address changes.
  function yearFromHash() {
    var wanted = parseInt(window.location.hash.slice(1), 10);
    for (var i = 0; i < years.length; i++) {
      if (years[i].year === wanted) { return i; }
    }
    return -1;
  }
  window.addEventListener("hashchange", function () {
    var i = yearFromHash();
    if (i >= 0 && i !== current) { stop(); show(i); }
  });
  show(Math.max(0, yearFromHash()));
  stop();
}());
