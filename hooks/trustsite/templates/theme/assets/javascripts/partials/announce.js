/* trustsite: mkdocs-material 9.8's partials/javascripts/announce.html as a file (no inline script under
 * the Content-Security-Policy): keeps a dismissed announcement hidden (feature announce.dismiss). */
(function () {
  var el = document.querySelector("[data-md-component=announce]");
  if (el) {
    var content = el.querySelector(".md-typeset");
    if (__md_hash(content.innerHTML) === __md_get("__announce")) {
      el.hidden = true;
    }
  }
})();
