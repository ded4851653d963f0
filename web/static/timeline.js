/* The timeline view: events from the JSON at data-timeline-src drawn with vis-timeline,
   one row (group) per kind, coloured by kind, styled by status. The axis opens on the
   window the server computed (data-window-start/-end: where most events are); the
   "Show all" button fits every event. Labels are put in the page as text (textContent),
   never as HTML. */
(function () {
  "use strict";
  var el = document.getElementById("timeline");
  if (!el || !window.vis) return;

  function cssName(s) { return String(s || "").toLowerCase().replace(/[^a-z0-9-]/g, ""); }
  function text(tag, s, cls) {
    var n = document.createElement(tag);
    n.textContent = s;
    if (cls) n.className = cls;
    return n;
  }
  function dayAfter(iso) {
    var d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + 1);
    return d;
  }
  // The window with a little room on each side (at least a month in all).
  function padded(start, end) {
    var s = new Date(start + "T00:00:00Z").getTime(), e = dayAfter(end).getTime();
    var pad = Math.max((e - s) * 0.04, 15 * 864e5);
    return { start: new Date(s - pad), end: new Date(e + pad) };
  }

  fetch(el.getAttribute("data-timeline-src"), { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      if (!data.items) throw new Error(data.error || "no items");
      if (data.items.length === 0) {
        el.classList.add("empty");
        el.textContent = "No dated events match these filters.";
        el.setAttribute("data-rendered", "0");
        return;
      }
      var urls = {}, kinds = {};
      var items = new vis.DataSet(data.items.map(function (it) {
        urls[it.id] = it.url;
        kinds[it.kind] = kinds[it.kind] || { label: it.kindLabel, n: 0 };
        kinds[it.kind].n += 1;
        var content = text("span", it.label);
        content.title = it.kindLabel + (it.status ? " (" + it.status + ")" : "") + " — " + it.date +
          (it.sources > 1 ? " — " + it.sources + " articles" : "");
        var item = { id: it.id, content: content, start: it.start, group: it.kind,
                     className: "kind-" + cssName(it.kind) + " status-" + cssName(it.status) };
        if (it.end) { item.end = it.end; item.type = "range"; } else { item.type = "box"; }
        return item;
      }));
      // Diplomatic acts first, alphabetically; statements (often many) last.
      var order = Object.keys(kinds).sort(function (a, b) {
        var sa = a === "Statement", sb = b === "Statement";
        if (sa !== sb) return sa ? 1 : -1;
        return kinds[a].label < kinds[b].label ? -1 : 1;
      });
      var groups = new vis.DataSet(order.map(function (k, i) {
        var label = text("span", kinds[k].label + " (" + kinds[k].n + ")");
        return { id: k, content: label, order: i, className: "group-" + cssName(k) };
      }));
      var options = {
        groupOrder: "order", stack: true, maxHeight: 640, minHeight: 200, orientation: { axis: "both", item: "top" },
        zoomMin: 1000 * 60 * 60 * 24 * 7, tooltip: { followMouse: false },
        cluster: { maxItems: 4, showStipes: true, fitOnDoubleClick: true,
                   titleTemplate: "{count} events; zoom in or double-click to see them" }
      };
      var ws = el.getAttribute("data-window-start"), we = el.getAttribute("data-window-end");
      var busy = ws && we ? padded(ws, we) : null;
      if (busy) { options.start = busy.start; options.end = busy.end; }
      var timeline = new vis.Timeline(el, items, groups, options);
      timeline.on("select", function (props) {
        if (props.items && props.items.length && urls[props.items[0]]) {
          window.location.href = urls[props.items[0]];
        }
      });
      var all = document.getElementById("timeline-all"), back = document.getElementById("timeline-busy");
      function showing(which) { el.setAttribute("data-window", which); }
      if (all) {
        all.disabled = false;
        all.addEventListener("click", function () { timeline.fit({ animation: false }); showing("all"); });
      }
      if (back && busy) {
        back.disabled = false;
        back.addEventListener("click", function () {
          timeline.setWindow(busy.start, busy.end, { animation: false });
          showing("default");
        });
      }
      showing(busy ? "default" : "all");
      el.setAttribute("data-rendered", String(data.items.length));
    })
    .catch(function (err) {
      el.classList.add("empty");
      el.textContent = "The timeline could not be drawn: " + err.message;
    });
})();
