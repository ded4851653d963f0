/* Type-ahead for entity pickers: <input data-typeahead="person" data-typeahead-src="/api/entities" list="…">.
   Suggestions come from the graph (GET /api/entities?type=…&q=…) and fill the input's <datalist>:
   each option's value is the entity's IRI, its label the entity's name. */
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function setup(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var hint = document.getElementById(input.getAttribute("aria-describedby"));
    var src = input.getAttribute("data-typeahead-src") || "/api/entities";
    var known = {};
    var last = null;
    var controller = null;

    function showResolved() {
      var label = known[input.value];
      if (!hint) return;
      var span = hint.querySelector(".resolved");
      if (label) {
        if (!span) {
          span = document.createElement("span");
          span.className = "resolved";
          hint.insertBefore(span, hint.firstChild);
          hint.insertBefore(document.createTextNode(" · "), span.nextSibling);
        }
        span.textContent = "= " + label;
      }
    }

    var update = debounce(function () {
      var q = input.value.trim();
      if (/^https?:\/\//.test(q) || q === last) {
        showResolved();
        return;
      }
      last = q;
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var url = src + "?type=" + encodeURIComponent(input.getAttribute("data-typeahead")) +
        "&q=" + encodeURIComponent(q) + "&limit=15";
      fetch(url, { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) {
          list.textContent = "";
          items.forEach(function (it) {
            known[it.iri] = it.label;
            var option = document.createElement("option");
            option.value = it.iri;
            option.label = it.label;
            option.textContent = it.label;
            list.appendChild(option);
          });
          input.setAttribute("data-suggestions", String(items.length));
        })
        .catch(function () { /* aborted or offline: keep the old suggestions */ });
    }, 150);

    input.addEventListener("input", update);
    input.addEventListener("focus", update);
    input.addEventListener("change", showResolved);
  }

  document.querySelectorAll("input[data-typeahead]").forEach(setup);
})();
