/* The storefront cart: add from the product page or a list card, change the cart page in place.
   Every change is a POST to /cart/<action> with the CSRF token; the answer
   carries the whole cart, which this script redraws. */
(function () {
  "use strict";

  function token(root) {
    var input = root.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, fields, csrf) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Accept": "application/json",
        "Content-Type": "application/x-www-form-urlencoded",
        "X-CSRFToken": csrf
      },
      body: new URLSearchParams(fields)
    }).then(function (response) { return response.json(); });
  }

  function say(element, text, failed) {
    if (!element) { return; }
    element.textContent = text;
    element.classList.toggle("error", Boolean(failed));
    element.hidden = false;
  }

  function setHeaderCount(count) {
    if (typeof count !== "number") { return; }
    var badge = document.getElementById("cart-count");
    var link = document.querySelector(".cart-link");
    if (!badge && link) {
      // A page rendered without a shopper (the static home page) has no badge yet.
      badge = document.createElement("em");
      badge.id = "cart-count";
      link.appendChild(document.createTextNode(" "));
      link.appendChild(badge);
    }
    if (badge) { badge.textContent = count; }
  }

  function productPage(form) {
    var message = form.querySelector(".cart-message");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      // The product page's form takes its count from the quantity box; a card adds one.
      var quantity = form.dataset.quantity && document.getElementById(form.dataset.quantity);
      var fields = { sku_id: form.elements.sku_id.value, count: quantity ? quantity.value : form.elements.count.value };
      post(form.action, fields, token(form)).then(function (answer) {
        setHeaderCount(answer.count);
        say(message, answer.code === 200 ? form.dataset.added : answer.error, answer.code !== 200);
      }).catch(function () { say(message, form.dataset.failed, true); });
    });
  }

  function cartPage(cart) {
    var message = document.getElementById("cart-message");
    var base = cart.dataset.actionUrl;

    function redraw(answer) {
      var lines = {};
      answer.lines.forEach(function (line) { lines[line.sku_id] = line; });
      cart.querySelectorAll("tr.cart-line").forEach(function (row) {
        var line = lines[row.dataset.sku];
        if (!line) { row.remove(); return; }
        row.querySelector("input.count").value = line.count;
        row.querySelector("input.select").checked = line.selected;
        row.querySelector(".amount").textContent = line.amount;
      });
      var selectAll = document.getElementById("select-all");
      if (selectAll) { selectAll.checked = answer.all_selected; }
      var count = document.getElementById("selected-count");
      if (count) { count.textContent = answer.selected_count; }
      var amount = document.getElementById("selected-amount");
      if (amount) { amount.textContent = answer.selected_amount; }
      if (answer.count === 0) {
        var table = cart.querySelector(".cart-table"), footer = cart.querySelector(".cart-footer");
        if (table) { table.remove(); }
        if (footer) { footer.remove(); }
        document.getElementById("cart-empty").hidden = false;
      }
      setHeaderCount(answer.count);
    }

    function change(action, fields) {
      cart.classList.add("busy");
      return post(base + action, fields, token(cart)).then(function (answer) {
        if (answer.code === 200) { message.hidden = true; } else { say(message, answer.error, true); }
        if (answer.lines) { redraw(answer); }
      }).catch(function () {
        say(message, cart.dataset.failed, true);
      }).finally(function () { cart.classList.remove("busy"); });
    }

    cart.addEventListener("click", function (event) {
      var row = event.target.closest("tr.cart-line");
      if (!row) { return; }
      var sku = row.dataset.sku;
      if (event.target.closest(".plus")) { change("increment", { sku_id: sku }); }
      else if (event.target.closest(".minus")) { change("decrement", { sku_id: sku }); }
      else if (event.target.closest(".delete")) { change("delete", { sku_id: sku }); }
    });

    cart.addEventListener("change", function (event) {
      var target = event.target;
      if (target.id === "select-all") {
        change(target.checked ? "selectall" : "unselectall", {});
        return;
      }
      var row = target.closest("tr.cart-line");
      if (!row) { return; }
      if (target.classList.contains("select")) {
        change(target.checked ? "select" : "unselect", { sku_id: row.dataset.sku });
      } else if (target.classList.contains("count")) {
        change("set", { sku_id: row.dataset.sku, count: target.value.trim() });
      }
    });

    cart.addEventListener("submit", function (event) { event.preventDefault(); });
  }

  document.querySelectorAll("form.add-to-cart").forEach(productPage);
  var cart = document.getElementById("cart");
  if (cart) { cartPage(cart); }
})();
