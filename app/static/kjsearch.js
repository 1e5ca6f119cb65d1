// kjsearch page behaviour. Plain JS, no dependencies; the page works without it.
(function () {
  "use strict";
  var FOCUS_KEY = "kjsearch-focus";
  // The form that the facets and the sort belong to: the library's list on /documents, else the search.
  var form = document.getElementById("library") || document.getElementById("search");
  var box = document.getElementById("q");

  // "/" focuses the search box unless the user is typing somewhere.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || !box) return;
    var el = document.activeElement;
    var tag = el ? el.tagName : "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (el && el.isContentEditable)) return;
    event.preventDefault();
    box.focus();
    box.select();
  });

  if (!form) return;

  // Ticking a facet or choosing a sort order applies it at once; the focus returns to that control.
  function submitFrom(control) {
    try { sessionStorage.setItem(FOCUS_KEY, control.id); } catch (e) { /* storage may be disabled */ }
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!el || el.form !== form) return;
    if ((el.type === "checkbox" && el.closest(".facet")) || el.classList.contains("autosubmit")) submitFrom(el);
  });

  // A new search starts with page one; drop empty year fields so URLs stay short.
  form.addEventListener("submit", function () {
    ["year_from", "year_to"].forEach(function (id) {
      var input = document.getElementById(id);
      if (input && input.value === "") input.disabled = true;
    });
  });
  // Re-enable after a back/forward cache restore.
  window.addEventListener("pageshow", function () {
    ["year_from", "year_to"].forEach(function (id) {
      var input = document.getElementById(id);
      if (input) input.disabled = false;
    });
  });

  var remembered = null;
  try { remembered = sessionStorage.getItem(FOCUS_KEY); sessionStorage.removeItem(FOCUS_KEY); } catch (e) { /* */ }
  if (remembered) {
    var target = document.getElementById(remembered);
    if (target) {
      var details = target.closest("details");
      if (details) details.open = true;
      target.focus({ preventScroll: false });
    }
  }
})();
