/* trustsite: mkdocs-material 9.8's partials/javascripts/consent.html as a file (no inline script under
 * the Content-Security-Policy): restores or asks for the reader's cookie consent (extra.consent). */
(function () {
  var form = document.forms.consent;
  var consent = __md_get("__consent");
  if (consent) {
    for (var input of form.elements) {
      if (input.name) {
        input.checked = consent[input.name] || false;
      }
    }
  } else if (location.protocol !== "file:") {
    setTimeout(function () {
      document.querySelector("[data-md-component=consent]").hidden = false;
    }, 250);
  }
  for (var action of ["submit", "reset"]) {
    form.addEventListener(action, function (event) {
      event.preventDefault();
      if (event.type === "reset") {
        for (var element of form.elements) {
          if (element.name) {
            element.checked = false;
          }
        }
      }
      __md_set("__consent", Object.fromEntries(
        Array.from(new FormData(form).keys()).map(function (name) { return [name, true]; })));
      location.hash = "";
      location.reload();
    });
  }
})();
