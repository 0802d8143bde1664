/* The home page carousel: previous/next arrows, one dot per slide, the arrow
   keys, and autoplay that stops while the pointer or the keyboard focus is on
   it, for good with the pause button, and never starts when the shopper asks
   for reduced motion. Without this script the slides are a row to scroll. */
(function () {
  "use strict";

  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  function carousel(box) {
    var track = box.querySelector(".carousel");
    var slides = Array.prototype.slice.call(track.children);
    var controls = box.querySelector(".carousel-controls");
    if (!controls || slides.length < 2) { return; }
    var dots = Array.prototype.slice.call(controls.querySelectorAll(".carousel-dot"));
    var pause = controls.querySelector(".carousel-pause");
    var delay = parseInt(box.dataset.interval, 10) || 5000;
    var current = 0, timer = null, hovered = false, focused = false, stopped = reducedMotion.matches;

    function show(index, moveFocus) {
      current = (index + slides.length) % slides.length;
      byHand = false;
      track.scrollTo({
        left: slides[current].offsetLeft - track.offsetLeft,
        behavior: reducedMotion.matches ? "auto" : "smooth"
      });
      slides.forEach(function (slide, i) {
        // Slides out of view leave the tab order and the accessibility tree.
        slide.inert = i !== current;
        slide.classList.toggle("current", i === current);
      });
      dots.forEach(function (dot, i) {
        if (i === current) { dot.setAttribute("aria-current", "true"); } else { dot.removeAttribute("aria-current"); }
      });
      box.dataset.current = String(current);
      if (moveFocus) { dots[current].focus(); }
    }

    function schedule() {
      window.clearInterval(timer);
      timer = null;
      if (!stopped && !hovered && !focused && !document.hidden) {
        timer = window.setInterval(function () { show(current + 1, false); }, delay);
      }
      box.dataset.playing = timer === null ? "false" : "true";
    }

    function setStopped(value) {
      stopped = value;
      pause.setAttribute("aria-pressed", String(stopped));
      pause.setAttribute("aria-label", stopped ? pause.dataset.playLabel : pause.dataset.pauseLabel);
      pause.innerHTML = stopped ? "&#9654;" : "&#10073;&#10073;";
      schedule();
    }

    pause.dataset.pauseLabel = pause.getAttribute("aria-label");
    pause.dataset.playLabel = box.dataset.playLabel || pause.dataset.pauseLabel;

    controls.querySelector(".carousel-prev").addEventListener("click", function () { show(current - 1, false); });
    controls.querySelector(".carousel-next").addEventListener("click", function () { show(current + 1, false); });
    dots.forEach(function (dot, i) { dot.addEventListener("click", function () { show(i, false); }); });
    pause.addEventListener("click", function () { setStopped(!stopped); });

    box.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { show(current - 1, event.target.classList.contains("carousel-dot")); }
      else if (event.key === "ArrowRight") { show(current + 1, event.target.classList.contains("carousel-dot")); }
      else { return; }
      event.preventDefault();
    });
    box.addEventListener("mouseenter", function () { hovered = true; schedule(); });
    box.addEventListener("mouseleave", function () { hovered = false; schedule(); });
    box.addEventListener("focusin", function () { focused = true; schedule(); });
    box.addEventListener("focusout", function (event) {
      focused = box.contains(event.relatedTarget);
      schedule();
    });
    document.addEventListener("visibilitychange", schedule);
    reducedMotion.addEventListener("change", function () { if (reducedMotion.matches) { setStopped(true); } });

    // A swipe or a scroll by hand moves the dots along; the scrolling show()
    // starts itself must not (a stale position would undo a quick click).
    var settle = null, byHand = false;
    ["pointerdown", "touchstart", "wheel"].forEach(function (type) {
      track.addEventListener(type, function () { byHand = true; }, { passive: true });
    });
    track.addEventListener("scroll", function () {
      window.clearTimeout(settle);
      if (!byHand) { return; }
      settle = window.setTimeout(function () {
        byHand = false;
        var nearest = Math.round(track.scrollLeft / track.clientWidth);
        if (nearest !== current && nearest >= 0 && nearest < slides.length) { show(nearest, false); }
      }, 120);
    });

    box.classList.add("enhanced");
    controls.hidden = false;
    show(0, false);
    setStopped(stopped);
  }

  document.querySelectorAll(".carousel-box").forEach(carousel);
})();
