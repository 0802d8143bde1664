/* Cascading province → city → district selects on the address form.
   Choosing a province asks GET <data-divisions-url>?parent=<code> for its
   cities and fills the city select (the district select empties); choosing a
   city does the same for the districts. A city without districts hides the
   district select. Lists already fetched are kept for the page's life (the
   server marks them cacheable too). Without script the form still works:
   the server renders each select's choices from the posted value above it,
   and the "show cities and districts" button, hidden here, brings them. */
(function () {
  "use strict";

  var ORDER = ["province", "city", "district"];

  function setUp(form) {
    var url = form.getAttribute("data-divisions-url");
    var selects = ORDER.map(function (level) {
      return form.querySelector("select[data-division=" + level + "]");
    });
    if (!url || selects.indexOf(null) !== -1) { return; }
    var showButton = form.querySelector("[name=show_divisions]");
    if (showButton) { showButton.closest(".form-row").hidden = true; }
    var lists = {};   // parent code → [{code, name}]
    var asked = [0, 0, 0];  // per select, the number of the last request (late answers are dropped)

    function row(select) { return select.closest(".form-row") || select; }

    function fill(select, divisions) {
      var placeholder = select.options[0] ? select.options[0].text : "";
      select.textContent = "";
      select.add(new Option(placeholder, ""));
      divisions.forEach(function (division) {
        select.add(new Option(division.name, division.code));
      });
      select.value = "";
    }

    function children(parent) {
      if (lists[parent]) { return Promise.resolve(lists[parent]); }
      var query = url + (url.indexOf("?") === -1 ? "?" : "&") + "parent=" + encodeURIComponent(parent);
      return fetch(query, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error("divisions: HTTP " + response.status); }
          return response.json();
        })
        .then(function (answer) {
          lists[parent] = answer.divisions;
          return answer.divisions;
        });
    }

    // Empty every select below `index`; fill the next one with the children of selects[index].
    function cascade(index) {
      var parent = selects[index].value;
      for (var below = index + 1; below < selects.length; below++) {
        fill(selects[below], []);
        row(selects[below]).hidden = false;
      }
      var next = selects[index + 1];
      if (!next || !parent) { return; }
      var number = ++asked[index + 1];
      next.disabled = true;
      children(parent).then(function (divisions) {
        if (number !== asked[index + 1]) { return; }
        fill(next, divisions);
        row(next).hidden = divisions.length === 0;
      }).catch(function () {
        // Unreachable: submitting still works, the server lists the choices.
        if (showButton) { showButton.closest(".form-row").hidden = false; }
      }).then(function () {
        if (number === asked[index + 1]) { next.disabled = false; }
      });
    }

    selects.forEach(function (select, index) {
      if (index < selects.length - 1) {
        select.addEventListener("change", function () { cascade(index); });
      }
    });
  }

  document.querySelectorAll("form[data-divisions-url]").forEach(setUp);
}());
