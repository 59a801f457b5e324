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
