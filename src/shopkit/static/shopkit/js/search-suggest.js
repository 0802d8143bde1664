/* Search-as-you-type under the header search box.
   Typing asks GET <data-suggest-url>?q=… (debounced) and lists the answer's
   names under the box; ArrowDown/ArrowUp move through them, Enter searches
   for the chosen one, Escape closes the list. ARIA 1.2 combobox pattern:
   the input owns a listbox and points at the active option. */
(function () {
  "use strict";

  var DEBOUNCE_MS = 150;

  function setUp(form) {
    var input = form.querySelector("input[name=q]");
    var url = form.getAttribute("data-suggest-url");
    if (!input || !url) { return; }
    var list = document.createElement("ul");
    list.id = "search-suggestions";
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("aria-label") || "");
    list.hidden = true;
    form.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");

    var timer = null;
    var asked = 0;   // the number of the last request, so late answers are dropped
    var active = -1;

    function options() { return list.querySelectorAll("[role=option]"); }

    function close() {
      list.hidden = true;
      list.textContent = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var items = options();
      if (!items.length) { return; }
      active = (index + items.length) % items.length;
      items.forEach(function (item, n) {
        item.setAttribute("aria-selected", n === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", items[active].id);
    }

    function choose(text) {
      input.value = text;
      close();
      form.submit();
    }

    function show(names) {
      list.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      names.forEach(function (name, n) {
        var item = document.createElement("li");
        item.id = "search-suggestion-" + n;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = name;
        // mousedown, not click: it comes before the input's blur closes the list.
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(name);
        });
        list.appendChild(item);
      });
      list.hidden = !names.length;
      input.setAttribute("aria-expanded", names.length ? "true" : "false");
    }

    function ask() {
      var query = input.value.trim();
      if (!query) { close(); return; }
      var number = ++asked;
      fetch(url + "?q=" + encodeURIComponent(query), { headers: { "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (body) {
          if (number !== asked) { return; }
          show(body.code === 200 ? body.data.map(function (row) { return row.text; }) : []);
        })
        .catch(function () { if (number === asked) { close(); } });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DEBOUNCE_MS);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!open) { return; }
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(options()[active].textContent);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll("form.search-box[data-suggest-url]").forEach(setUp);
})();
