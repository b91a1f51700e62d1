/* trustsite: mkdocs-material 9.8's partials/javascripts/content.html as a file (no inline script under
 * the Content-Security-Policy). Loaded right after the page content, before Material's bundle, as the
 * original: it opens the content tab that the address or the last choice (content.tabs.link) names. */
(function () {
  if (document.currentScript.hasAttribute("data-md-tabs-link")) {
    var tabs = __md_get("__tabs");
    if (Array.isArray(tabs)) {
      sets: for (var set of document.querySelectorAll(".tabbed-set")) {
        var labels = set.querySelector(".tabbed-labels");
        for (var tab of tabs) {
          for (var label of labels.getElementsByTagName("label")) {
            if (label.innerText.trim() === tab) {
              document.getElementById(label.htmlFor).checked = true;
              continue sets;
            }
          }
        }
      }
    }
  }
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) {
    target.checked = target.name.startsWith("__tabbed_");
  }
})();
