/* The register page's "send SMS code" button: sends by fetch so the form keeps
   what was typed (passwords too), then counts down until another code may be
   sent. Without this script the button posts the page, which still works. */
(function () {
  "use strict";

  document.querySelectorAll(".sms-send").forEach(function (box) {
    var form = box.closest("form");
    var button = box.querySelector("button.send-code");
    var message = box.querySelector(".sms-message");
    var label = button.textContent;
    var interval = parseInt(box.dataset.interval, 10) || 60;

    function say(text, failed) {
      message.textContent = text;
      message.classList.toggle("error", Boolean(failed));
      message.hidden = false;
    }

    function countDown(seconds) {
      if (seconds <= 0) {
        button.disabled = false;
        button.textContent = label;
        return;
      }
      button.disabled = true;
      button.textContent = box.dataset.wait.replace("{seconds}", seconds);
      window.setTimeout(function () { countDown(seconds - 1); }, 1000);
    }

    button.addEventListener("click", function (event) {
      event.preventDefault();
      var fields = new URLSearchParams();
      fields.set("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
      fields.set("phone", form.elements.phone ? form.elements.phone.value : "");
      fields.set("send_code", "1");
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": fields.get("csrfmiddlewaretoken") },
        body: fields
      }).then(function (response) { return response.json(); }).then(function (answer) {
        if (answer.code === 200) {
          say(answer.message, false);
          countDown(interval);
          if (form.elements.sms_code) { form.elements.sms_code.focus(); }
        } else {
          say(answer.error, true);
          button.disabled = false;
        }
      }).catch(function () {
        say(box.dataset.failed, true);
        button.disabled = false;
      });
    });
  });
})();
