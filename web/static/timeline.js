/* The timeline view: events from the JSON at data-timeline-src drawn with vis-timeline.
   Labels are put in the page as text (textContent), never as HTML. */
(function () {
  "use strict";
  var el = document.getElementById("timeline");
  if (!el || !window.vis) return;

  function cssName(s) { return String(s || "").toLowerCase().replace(/[^a-z0-9-]/g, ""); }

  fetch(el.getAttribute("data-timeline-src"), { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      if (!data.items) throw new Error(data.error || "no items");
      var urls = {};
      var items = new vis.DataSet(data.items.map(function (it) {
        urls[it.id] = it.url;
        var content = document.createElement("span");
        content.textContent = it.label;
        content.title = it.kindLabel + (it.status ? " (" + it.status + ")" : "") + " — " + it.date;
        var item = { id: it.id, content: content, start: it.start,
                     className: "kind-" + cssName(it.kind) + " status-" + cssName(it.status) };
        if (it.end) { item.end = it.end; item.type = "range"; } else { item.type = "box"; }
        return item;
      }));
      if (data.items.length === 0) {
        el.classList.add("empty");
        el.textContent = "No dated events match these filters.";
        el.setAttribute("data-rendered", "0");
        return;
      }
      var timeline = new vis.Timeline(el, items, {
        stack: true, maxHeight: 520, minHeight: 200, orientation: { axis: "both" },
        zoomMin: 1000 * 60 * 60 * 24, tooltip: { followMouse: false }
      });
      timeline.on("select", function (props) {
        if (props.items && props.items.length && urls[props.items[0]]) {
          window.location.href = urls[props.items[0]];
        }
      });
      el.setAttribute("data-rendered", String(data.items.length));
    })
    .catch(function (err) {
      el.classList.add("empty");
      el.textContent = "The timeline could not be drawn: " + err.message;
    });
})();
