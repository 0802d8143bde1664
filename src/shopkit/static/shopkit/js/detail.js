/* The product page: thumbnails switch the main picture, and the quantity
   buttons keep the count within the stock and the total in step. Without
   this script a thumbnail opens its picture and the count is typed. */
(function () {
  "use strict";

  function gallery(box) {
    var main = box.querySelector(".main-image");
    var thumbs = box.querySelectorAll("a.thumb");
    if (!main || !thumbs.length) { return; }
    function choose(thumb) {
      thumbs.forEach(function (other) {
        if (other === thumb) { other.setAttribute("aria-current", "true"); } else { other.removeAttribute("aria-current"); }
      });
    }
    thumbs.forEach(function (thumb) {
      if (thumb.href === main.src) { choose(thumb); }
      thumb.addEventListener("click", function (event) {
        event.preventDefault();
        main.src = thumb.href;
        choose(thumb);
      });
    });
  }

  function quantity(box) {
    var input = document.getElementById("quantity");
    if (!input) { return; }
    var stock = parseInt(box.dataset.stock, 10);
    var price = parseFloat(document.getElementById("unit-price").textContent);
    function set(n) {
      n = Math.max(1, Math.min(isNaN(n) ? 1 : n, stock));
      input.value = n;
      document.getElementById("total-price").textContent = (n * price).toFixed(2);
    }
    box.querySelector(".plus").addEventListener("click", function () { set(parseInt(input.value, 10) + 1); });
    box.querySelector(".minus").addEventListener("click", function () { set(parseInt(input.value, 10) - 1); });
    input.addEventListener("change", function () { set(parseInt(input.value, 10)); });
    var buyNow = document.querySelector("form.buy-now");
    if (buyNow) {
      buyNow.addEventListener("submit", function () { buyNow.elements.count.value = input.value; });
    }
  }

  document.querySelectorAll(".gallery").forEach(gallery);
  var summary = document.querySelector(".summary");
  if (summary) { quantity(summary); }
})();
