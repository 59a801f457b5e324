// Progressive enhancement only: every page works without this file.
document.documentElement.classList.remove("no-js");
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
});

// The wizard's time step: choosing a day swaps in that day's times (the server renders them)
// instead of reloading the page. Without this file the day links load the page as usual.
var timesSwapped = false;
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-time-picker] a.day-choice");
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || !window.fetch) {
    return;
  }
  var picker = link.closest("[data-time-picker]");
  event.preventDefault();
  picker.setAttribute("aria-busy", "true");
  fetch(link.href, { headers: { "X-Portal-Partial": "time-picker" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.text();
    })
    .then(function (html) {
      picker.innerHTML = html;
      picker.removeAttribute("aria-busy");
      history.pushState({ timePicker: true }, "", link.href);
      timesSwapped = true;
      var date = new URL(link.href).searchParams.get("date");
      document.querySelectorAll("form input[type=hidden][name=date]").forEach(function (input) {
        if (date && !picker.contains(input)) {
          input.value = date;
        }
      });
      var heading = picker.querySelector("#times-title");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    })
    .catch(function () {
      window.location.assign(link.href);
    });
});
window.addEventListener("popstate", function () {
  if (timesSwapped) {
    window.location.reload(); // the page of the day the address now names
  }
});
