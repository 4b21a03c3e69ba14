// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  var script = document.currentScript;
  var bundleUrl = new URL("vendor/vega-bundle.js", script ? script.src : location.href).href;
  var bundle = null;

  function loadBundle() {
    if (!bundle) {
      bundle = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = bundleUrl;
        s.onload = function () { resolve(window.vegaEmbed); };
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }
    return bundle;
  }

  // The static SVG is the chart. The interactive view (tooltips) and its 880 kB bundle load only when the
  // reader asks: the button under the chart, or a click/tap on the chart itself. Never on scroll or
  // viewport entry, so no page pays for Vega before an interaction.
  function activate(figure, button) {
    if (figure.dataset.live) return;
    figure.dataset.live = "loading";
    if (button) { button.disabled = true; button.textContent = "正在加载交互图表…"; }
    var view = figure.querySelector(".chart-view");
    Promise.all([loadBundle(), fetch(figure.dataset.spec).then(function (r) { return r.json(); })])
      .then(function (results) {
        var holder = document.createElement("div");
        return results[0](holder, results[1], { actions: false, renderer: "svg" }).then(function () {
          var svg = holder.querySelector("svg");
          if (svg) { svg.setAttribute("aria-hidden", "true"); svg.setAttribute("focusable", "false"); }
          view.replaceChildren(holder);
          figure.dataset.live = "1";
          if (button) button.remove();
        });
      })
      .catch(function () {   // keep the static SVG and let the reader try again
        figure.dataset.live = "";
        if (button) { button.disabled = false; button.textContent = "加载失败，重试交互图表"; }
      });
  }

  function charts() {
    document.querySelectorAll("figure.chart[data-spec]").forEach(function (figure) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "chart-live md-button";
      button.textContent = "交互查看（数值提示）";
      button.addEventListener("click", function () { activate(figure, button); });
      figure.querySelector(".chart-view").addEventListener("click", function () { activate(figure, button); }, { once: true });
      figure.querySelector("figcaption").after(button);
    });
  }

  // Click a header to sort; numbers sort by their data-sort value.
  function sortable(table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, index) {
      th.tabIndex = 0;
      th.setAttribute("aria-sort", "none");
      function sort() {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[index], y = b.cells[index];
          var xs = x.dataset.sort, ys = y.dataset.sort;
          var cmp = (xs !== undefined && ys !== undefined) ? parseFloat(xs) - parseFloat(ys)
            : (xs !== undefined ? -1 : ys !== undefined ? 1 : x.textContent.localeCompare(y.textContent, "zh"));
          return asc ? cmp : -cmp;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  }

  // Filters: each select names a data-* attribute of the rows; a search box (type=search) keeps the rows whose text
  // (with their topic heading, when the form groups rows under h2 headings) holds every word typed. The state
  // goes into the address (?filter=…&status=…; not ?q=, which the theme takes to open its site search) so a filtered view can be shared; arriving with it restores it.
  // Without this script every row stays visible (forms that only work with script carry `hidden`).
  function filters(form) {
    var rows = form.dataset.table
      ? Array.prototype.slice.call(document.getElementById(form.dataset.table).querySelector("table").tBodies[0].rows)
      : Array.prototype.slice.call(document.querySelectorAll(form.dataset.rows));
    var out = form.querySelector(".filter-count");
    var groups = [];
    if (form.dataset.groups) {   // a heading and everything after it up to the next heading of its level
      document.querySelectorAll(".md-content__inner > " + form.dataset.groups).forEach(function (h) {
        var members = [], el = h.nextElementSibling;
        while (el && el.tagName !== h.tagName) { members.push(el); el = el.nextElementSibling; }
        groups.push({ heading: h, members: members, rows: rows.filter(function (r) {
          return members.some(function (m) { return m.contains(r); });
        }) });
      });
    }
    var topicOf = new Map();
    groups.forEach(function (g) { g.rows.forEach(function (r) { topicOf.set(r, g.heading.textContent); }); });
    var haystack = new Map();
    rows.forEach(function (r) { haystack.set(r, ((topicOf.get(r) || "") + " " + r.textContent).toLowerCase()); });
    var params = new URLSearchParams(location.search);
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && params.has(el.name)) el.value = params.get(el.name);
    });
    function apply(write) {
      var shown = 0;
      rows.forEach(function (row) {
        var ok = Array.prototype.every.call(form.elements, function (el) {
          if (!el.name || !el.value.trim()) return true;
          if (el.type === "search") {
            var text = haystack.get(row);
            return el.value.toLowerCase().split(/\s+/).every(function (w) { return !w || text.indexOf(w) !== -1; });
          }
          var cell = row.dataset[el.name] || "";
          return cell.split(" ").indexOf(el.value) !== -1;
        });
        row.hidden = !ok;
        if (ok) shown++;
      });
      groups.forEach(function (g) {
        var any = g.rows.some(function (r) { return !r.hidden; });
        [g.heading].concat(g.members).forEach(function (el) { el.hidden = !any; });
        var entry = g.heading.id && document.querySelector('[data-topic="' + g.heading.id + '"]');
        if (entry) entry.hidden = !any;
      });
      if (out) out.textContent = "显示 " + shown + " / " + rows.length + " 行";
      if (write) {
        var p = new URLSearchParams(location.search);
        Array.prototype.forEach.call(form.elements, function (el) {
          if (!el.name) return;
          if (el.value.trim()) p.set(el.name, el.value.trim()); else p.delete(el.name);
        });
        var qs = p.toString();
        history.replaceState(history.state, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
      }
    }
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("input", function () { apply(true); });
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(true); });
    form.hidden = false;
    apply(false);
  }

  function citations() {
    document.querySelectorAll(".citation").forEach(function (el) {
      el.textContent = el.textContent.replace(/访问日期 \d{4}-\d{2}-\d{2}/, "访问日期 " + new Date().toISOString().slice(0, 10));
    });
    document.querySelectorAll(".cite-copy").forEach(function (button) {
      button.addEventListener("click", function () {
        var text = document.getElementById(button.dataset.target).textContent;
        var done = function () { button.textContent = "已复制"; };
        if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, function () {});
        else { var r = document.createRange(); r.selectNodeContents(document.getElementById(button.dataset.target)); getSelection().removeAllRanges(); getSelection().addRange(r); }
      });
    });
  }

  // Arriving from a source_section link (…/source/1-2/?v=52.62#s-1-2-1-1): mark the cited numbers
  // in that section more strongly and bring the first one into view. The section is every element
  // whose data-in lists the anchor (its heading, its lines and its sub-sections').
  function citedValue() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id || !document.querySelector(".source-text")) return;
    var wanted = new URLSearchParams(location.search).getAll("v");
    var inSection = document.querySelectorAll('[data-in~="' + id.replace(/["\\]/g, "") + '"]');
    var first = null;
    inSection.forEach(function (el) {
      el.classList.add("src-target");
      el.querySelectorAll("mark.cited").forEach(function (m) {
        if (wanted.indexOf(m.dataset.v) >= 0) { m.classList.add("here"); first = first || m; }
      });
    });
    if (first) {
      first.setAttribute("tabindex", "-1");
      // The browser scrolls to the #anchor itself once the page has loaded; bring the value into view after that.
      var show = function () { first.scrollIntoView({ block: "center" }); };
      show();
      if (document.readyState !== "complete") window.addEventListener("load", function () { setTimeout(show, 0); });
      else setTimeout(show, 0);
    }
  }

  function init() {
    // The theme's search dialog has no accessible name; give it one.
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.getAttribute("aria-label")) search.setAttribute("aria-label", "站内搜索");
    charts();
    document.querySelectorAll("table.sortable").forEach(sortable);
    document.querySelectorAll("form.table-filter").forEach(filters);
    citations();
    citedValue();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
