// Indicator library suggestions (指标库联想): an input with data-library-suggest="URL" asks the library
// for the typed name (htmx GET, the fragment goes into the element named by data-library-list).
// Choosing a suggestion (click, or ↑/↓ and Enter) fills the name and:
// - on the plan page (the input has data-library-save): saves the name with the entry's category and
//   unit through the cell's own save (hx-post of the input, with-level1/with-level2/with-unit), and
//   the sheet comes back re-rendered with the review's findings;
// - elsewhere: fills the fields named level1, level2 and unit of the same table row or form.
// Escape closes the list. No inline scripts: the Content-Security-Policy forbids them.
"use strict";
(function () {
  function scope(input) {
    return input.closest("tr") || input.closest("form") || document;
  }
  function listOf(input) {
    return document.getElementById(input.dataset.libraryList);
  }
  function close(input) {
    var list = listOf(input);
    if (list) list.innerHTML = "";
  }
  function ask(input) {
    var list = listOf(input);
    var text = input.value.trim();
    if (!list) return;
    if (!text) { list.innerHTML = ""; return; }
    var url = input.dataset.librarySuggest + (input.dataset.librarySuggest.indexOf("?") < 0 ? "?" : "&") +
      "q=" + encodeURIComponent(text);
    var level1 = scope(input).querySelector("[name=level1]");
    var first = level1 ? level1.value : input.dataset.level1 || "";
    if (first) url += "&level1=" + encodeURIComponent(first);
    window.htmx.ajax("GET", url, { target: list, swap: "innerHTML" });
  }
  function choose(input, option) {
    input.value = option.dataset.name;
    close(input);
    if (input.hasAttribute("data-library-save")) {
      // One save of the cell: the name typed plus what the library entry brings with it.
      window.htmx.ajax("POST", input.getAttribute("hx-post"), {
        source: input, target: "#sheet", swap: "outerHTML",
        values: {
          "with-level1": option.dataset.level1,
          "with-level2": option.dataset.level2,
          "with-unit": option.dataset.unit,
        },
      });
      return;
    }
    var place = scope(input);
    ["level1", "level2", "unit"].forEach(function (field) {
      var target = place.querySelector("[name=" + field + "]");
      if (target) {
        target.value = option.dataset[field];
        target.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }
  function options(input) {
    var list = listOf(input);
    return list ? Array.prototype.slice.call(list.querySelectorAll("li[role=option]")) : [];
  }
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-library-suggest]")) return;
    clearTimeout(input._libraryTimer);
    input._libraryTimer = setTimeout(function () { ask(input); }, 150);
  });
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-library-suggest]")) return;
    var all = options(input);
    if (!all.length) return;
    var current = all.findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      var next = event.key === "ArrowDown" ? Math.min(current + 1, all.length - 1) : Math.max(current - 1, 0);
      all.forEach(function (o, i) { o.setAttribute("aria-selected", i === next ? "true" : "false"); });
    } else if (event.key === "Enter" && current >= 0) {
      event.preventDefault();
      choose(input, all[current]);
    } else if (event.key === "Escape") {
      close(input);
    }
  });
  // mousedown, not click: the input keeps its focus, so its own change (a save of the half-typed
  // name) does not fire before the choice.
  document.addEventListener("mousedown", function (event) {
    var option = event.target.closest && event.target.closest("[data-library-list-of] li[role=option]");
    if (!option) return;
    event.preventDefault();
    var list = option.closest("[data-library-list-of]");
    var input = document.getElementById(list.dataset.libraryListOf);
    if (input) choose(input, option);
  });
})();

// A library entry's chart (目标与实际): the median target and median actual across units per year,
// from the JSON block beside the table that gives the same years. Animation off.
document.addEventListener("DOMContentLoaded", function () {
  var holder = document.getElementById("entry-chart");
  var source = document.getElementById("entry-chart-data");
  if (!holder || !source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var chart = window.echarts.init(holder, null, { renderer: "svg" });
  var unit = data.unit ? "（" + data.unit + "）" : "";
  chart.setOption({
    animation: false,
    title: { text: "目标值与实际值" + unit + "，各单位中位数", left: "center", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    legend: { bottom: 0, data: ["目标值", "实际值"] },
    grid: { left: 56, right: 40, bottom: 56, top: 64 },
    xAxis: { type: "category", data: data.years, name: "年度" },
    yAxis: { type: "value", scale: true },
    series: [
      { type: "line", name: "目标值", data: data.targets, connectNulls: true, symbolSize: 8,
        label: { show: true, position: "top" } },
      { type: "line", name: "实际值", data: data.actuals, connectNulls: true, symbolSize: 8,
        lineStyle: { type: "dashed" }, label: { show: true, position: "bottom" } }
    ]
  });
  holder.setAttribute("data-rendered", "true");
});
