/* Who-met-whom networks: the JSON at data-network-src drawn with vis-network.
   Node labels are drawn on a canvas (plain text); tooltips and the side list are
   built with textContent, so no label is ever parsed as HTML. */
(function () {
  "use strict";
  if (!window.vis) return;

  function text(tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    return node;
  }

  function link(href, label) {
    var a = text("a", label);
    if (href) a.href = href;
    return a;
  }

  function draw(el) {
    var panel = document.getElementById("network-panel");
    var listEl = el.parentNode && el.parentNode.querySelector("[data-network-list]");
    fetch(el.getAttribute("data-network-src"), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (!data.nodes) throw new Error(data.error || "no data");
        if (data.nodes.length === 0) {
          el.classList.add("empty");
          el.textContent = "No meetings to show.";
          el.setAttribute("data-rendered", "0");
          return;
        }
        var byId = {};
        data.nodes.forEach(function (n) { byId[n.id] = n; });
        var nodes = new vis.DataSet(data.nodes.map(function (n) {
          return { id: n.id, label: n.label, value: n.meetings, shape: "dot",
                   title: text("span", n.label + ": " + n.meetings + " meeting" + (n.meetings === 1 ? "" : "s")),
                   color: n.center ? { background: "#c2410c", border: "#7c2d12" } : undefined };
        }));
        var edges = new vis.DataSet(data.edges.map(function (e, i) {
          return { id: i, from: e.from, to: e.to, value: e.value,
                   title: text("span", e.fromLabel + " — " + e.toLabel + ": " + e.value + " meeting" + (e.value === 1 ? "" : "s")) };
        }));
        var network = new vis.Network(el, { nodes: nodes, edges: edges }, {
          nodes: { scaling: { min: 8, max: 32, label: { enabled: true, min: 12, max: 22 } },
                   font: { face: "system-ui, sans-serif" }, color: { background: "#2563eb", border: "#1e3a8a" } },
          edges: { scaling: { min: 1, max: 10 }, color: { color: "#94a3b8", highlight: "#0f172a" }, smooth: false },
          physics: { stabilization: { iterations: 150 }, barnesHut: { springLength: 140 } },
          interaction: { hover: true, tooltipDelay: 150 }
        });
        network.on("doubleClick", function (p) {
          if (p.nodes.length && byId[p.nodes[0]] && byId[p.nodes[0]].url) window.location.href = byId[p.nodes[0]].url;
        });
        network.on("select", function (p) {
          if (!panel) return;
          panel.textContent = "";
          if (p.nodes.length) {
            var n = byId[p.nodes[0]];
            var para = document.createElement("p");
            para.appendChild(link(n.url, n.label));
            para.appendChild(document.createTextNode(" — " + n.meetings + " meeting" + (n.meetings === 1 ? "" : "s")));
            panel.appendChild(para);
          } else if (p.edges.length) {
            var e = data.edges[p.edges[0]];
            var head = document.createElement("p");
            head.appendChild(link(byId[e.from].url, e.fromLabel));
            head.appendChild(document.createTextNode(" and "));
            head.appendChild(link(byId[e.to].url, e.toLabel));
            head.appendChild(document.createTextNode(": " + e.value + " meeting" + (e.value === 1 ? "" : "s")));
            panel.appendChild(head);
            var ul = document.createElement("ul");
            e.meetings.forEach(function (m) {
              var li = document.createElement("li");
              li.appendChild(link(m.url, m.label));
              ul.appendChild(li);
            });
            panel.appendChild(ul);
          }
        });
        if (listEl) {
          // Entity pages: list the pairs as links too (keyboard and screen-reader access).
          var ul = document.createElement("ul");
          data.edges.forEach(function (e) {
            var li = document.createElement("li");
            li.appendChild(link(byId[e.from].url, e.fromLabel));
            li.appendChild(document.createTextNode(" — "));
            li.appendChild(link(byId[e.to].url, e.toLabel));
            li.appendChild(document.createTextNode(" (" + e.value + ")"));
            ul.appendChild(li);
          });
          listEl.appendChild(ul);
        }
        el.setAttribute("data-rendered", String(data.nodes.length));
      })
      .catch(function (err) {
        el.classList.add("empty");
        el.textContent = "The network could not be drawn: " + err.message;
      });
  }

  document.querySelectorAll("[data-network-src]").forEach(draw);
})();
