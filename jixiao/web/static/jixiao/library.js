// Indicator library suggestions (指标库联想): an input with data-library-suggest="URL" asks the library
// for the typed name (htmx GET, the fragment goes into the element named by data-library-list);
// choosing a suggestion fills the name and, in the same form or table row, the fields named
// level1, level2 and unit. No inline scripts: the Content-Security-Policy forbids them.
"use strict";
(function () {
  function scope(input) {
    return input.closest("tr") || input.closest("form") || document;
  }
  function ask(input) {
    var list = document.getElementById(input.dataset.libraryList);
    var text = input.value.trim();
    if (!list) return;
    if (!text) { list.innerHTML = ""; return; }
    var url = input.dataset.librarySuggest + (input.dataset.librarySuggest.indexOf("?") < 0 ? "?" : "&") +
      "q=" + encodeURIComponent(text);
    var level1 = scope(input).querySelector("[name=level1]");
    if (level1 && level1.value) url += "&level1=" + encodeURIComponent(level1.value);
    window.htmx.ajax("GET", url, { target: list, swap: "innerHTML" });
  }
  function choose(input, option) {
    var place = scope(input);
    input.value = option.dataset.name;
    ["level1", "level2", "unit"].forEach(function (field) {
      var target = place.querySelector("[name=" + field + "]");
      if (target) {
        target.value = option.dataset[field];
        target.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    input.dispatchEvent(new Event("change", { bubbles: true }));
    document.getElementById(input.dataset.libraryList).innerHTML = "";
  }
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-library-suggest]")) return;
    clearTimeout(input._libraryTimer);
    input._libraryTimer = setTimeout(function () { ask(input); }, 150);
  });
  document.addEventListener("click", function (event) {
    var option = event.target.closest && event.target.closest("[data-library-list-of] li[role=option]");
    if (!option) return;
    var list = option.closest("[data-library-list-of]");
    var input = document.getElementById(list.dataset.libraryListOf);
    if (input) choose(input, option);
  });
})();
