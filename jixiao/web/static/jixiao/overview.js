// The overview's charts (驾驶舱): each drawn from the JSON block its panel's table was made from, so the
// chart shows the table's numbers. No animation: a printed page or a screenshot never catches a chart
// half drawn.
"use strict";
(function () {
  var COLOURS = ["#2e5aac", "#12b76a", "#f79009", "#d92d20", "#7a5af8", "#0ba5ec"];

  // A bar's label: its number (with % for rates); nothing for an empty one (no "0" piled on a stack).
  function labelText(percent) {
    return function (p) {
      if (p.value === null || p.value === undefined || p.value === 0) { return ""; }
      return percent ? p.value + "%" : String(p.value);
    };
  }

  function barOption(data, stacked) {
    var series = data.series.map(function (s, i) {
      var one = {
        type: "bar", name: s.name, data: s.data, stack: stacked ? "total" : undefined,
        label: { show: true, position: stacked ? "inside" : "top", formatter: labelText(data.percent) }
      };
      if (i === 0 && data.mark) {
        one.markLine = { symbol: "none", label: { formatter: data.mark.name + " {c}%" },
                         data: [{ yAxis: data.mark.value, name: data.mark.name }] };
      }
      return one;
    });
    var many = data.categories.length > 6;
    return {
      legend: { bottom: 0, data: data.series.map(function (s) { return s.name; }) },
      grid: { left: 56, right: 96, bottom: many ? 120 : 72, top: 48 },
      xAxis: { type: "category", data: data.categories,
               axisLabel: { interval: 0, rotate: many ? 35 : 0, width: 120, overflow: "truncate" } },
      yAxis: { type: "value", minInterval: data.percent ? 0 : 1,
               axisLabel: { formatter: data.percent ? "{value}%" : "{value}" } },
      tooltip: { trigger: "axis" },
      series: series
    };
  }

  function draw(holder) {
    var source = document.getElementById(holder.getAttribute("data-panel"));
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var option = barOption(data, data.kind === "stacked");
    option.animation = false;
    option.color = COLOURS;
    option.title = { text: data.title, left: "center", textStyle: { fontSize: 14 } };
    if (!data.categories.length) {
      option.graphic = { type: "text", left: "center", top: "middle", style: { text: "暂无数据", fontSize: 14, fill: "#667085" } };
    }
    var chart = window.echarts.init(holder, null, { renderer: "svg" });
    chart.setOption(option);
    holder.setAttribute("data-rendered", "true");
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.echarts) { return; }
    document.querySelectorAll(".chart[data-panel]").forEach(draw);
  });
})();
