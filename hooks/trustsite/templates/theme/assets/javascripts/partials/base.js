/* trustsite: mkdocs-material 9.8's partials/javascripts/base.html as a file, because the
 * Content-Security-Policy (hooks/trustsite/site/headers.py) allows no inline script. Material's bundle
 * reads these globals. The scope, which Material writes into the inline script, comes from the
 * data-md-scope attribute of this script's tag (config.extra.scope or the page's base_url). */
var __md_scope = new URL(document.currentScript.getAttribute("data-md-scope"), location);

var __md_hash = function (value) {
  return [...value].reduce(function (hash, char) { return (hash << 5) - hash + char.charCodeAt(0); }, 0);
};

var __md_get = function (key, storage = localStorage, scope = __md_scope) {
  return JSON.parse(storage.getItem(scope.pathname + "." + key));
};

var __md_set = function (key, value, storage = localStorage, scope = __md_scope) {
  try {
    storage.setItem(scope.pathname + "." + key, JSON.stringify(value));
  } catch (e) {
    // storage full or disabled: Material's own helper ignores this too
  }
};
