/* trustsite: mkdocs-material 9.8's partials/javascripts/outdated.html as a file (no inline script under
 * the Content-Security-Policy): shows the outdated-version banner (extra.version). The base comes from
 * the data-md-base attribute of this script's tag, resolved against the page's address. */
(function () {
  var el = document.querySelector("[data-md-component=outdated]");
  var base = new URL(document.currentScript.getAttribute("data-md-base"), location);
  var outdated = __md_get("__outdated", sessionStorage, base);
  if (outdated === true && el) {
    el.hidden = false;
  }
})();
