/* YASGUI pointed at this app's own SPARQL endpoint.
   Settings come from data- attributes of #yasgui. The autocompleters that would
   call outside services (LOV for classes and properties) are replaced by ones
   that read this graph's vocabulary (GET /api/vocabulary); prefixes complete
   from the project's own list. Nothing leaves this origin. */
(function () {
  "use strict";
  var el = document.getElementById("yasgui");
  if (!el || !window.Yasgui) return;
  var Yasgui = window.Yasgui;
  var Yasqe = Yasgui.Yasqe;
  var endpoint = new URL(el.getAttribute("data-endpoint"), window.location.href).href;
  var prefixes = JSON.parse(el.getAttribute("data-prefixes") || "{}");
  var query = el.getAttribute("data-query") || "";
  var vocabulary = null;

  function vocab() {
    if (!vocabulary) {
      vocabulary = fetch(el.getAttribute("data-vocabulary"), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { properties: [], classes: [] }; })
        .catch(function () { return { properties: [], classes: [] }; });
    }
    return vocabulary;
  }

  function fromGraph(key) {
    return function (yasqe, token) {
      var wanted = (token && token.autocompletionString) || "";
      return vocab().then(function (v) {
        var all = v[key] || [];
        var hits = all.filter(function (iri) { return iri.indexOf(wanted) === 0; });
        if (!hits.length && wanted) {
          var low = wanted.toLowerCase();
          hits = all.filter(function (iri) { return iri.toLowerCase().indexOf(low) >= 0; });
        }
        return hits.slice(0, 100);
      });
    };
  }

  var A = Yasqe.Autocompleters || {};
  if (A.property) A.property.get = fromGraph("properties");
  if (A["class"]) A["class"].get = fromGraph("classes");
  if (A.prefixes) {
    A.prefixes.get = function () {
      return Object.keys(prefixes).sort().map(function (p) { return p + ": <" + prefixes[p] + ">"; });
    };
    A.prefixes.persistenceId = null;
  }
  Yasqe.defaults.prefixCcApi = null;

  var yasgui = new Yasgui(el, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    populateFromUrl: false,
    autofocus: false,
    persistenceId: "dkg-editor",
    endpointCatalogueOptions: {
      getData: function () { return [{ endpoint: endpoint }]; },
      keys: [],
      renderItem: function (item, root) {
        var div = document.createElement("div");
        div.textContent = (item && item.value && item.value.endpoint) || endpoint;
        root.appendChild(div);
      }
    },
    yasqe: { value: query, editorHeight: "320px", collapsePrefixesOnLoad: true }
  });

  // Tabs restored from an earlier visit may point elsewhere; this editor talks to this app only.
  function pin(tab) { if (tab && tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint); }
  Object.keys(yasgui._tabs || {}).forEach(function (id) { pin(yasgui.getTab(id)); });
  yasgui.on("tabAdd", function (y, id) { pin(yasgui.getTab(id)); });
  yasgui.on("tabSelect", function (y, id) { setTimeout(function () { pin(yasgui.getTab(id)); }, 0); });

  // "Open in editor" from a saved query page: show that query in a tab of its own.
  var title = el.getAttribute("data-new-tab");
  var tab = yasgui.getTab();
  if (title) {
    var found = null;
    Object.keys(yasgui._tabs || {}).forEach(function (id) {
      var t = yasgui.getTab(id);
      if (t && t.getQuery() === query) found = t;
    });
    tab = found || yasgui.addTab(true, { name: title });
    tab = yasgui.selectTabId(tab.getId()) || tab;
    if (tab.getQuery() !== query) tab.setQuery(query);
  } else if (tab && !tab.getQuery().trim()) {
    tab.setQuery(query);
  }
  pin(tab);
  window.dkgYasgui = yasgui;   // for the browser tests and the curious
  el.setAttribute("data-ready", "true");
})();
