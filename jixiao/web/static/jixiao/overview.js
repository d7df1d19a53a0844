// The monitoring overview's chart (驾驶舱): budget execution per department against time elapsed.
// The numbers come from the JSON block beside the table that shows the same numbers.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var holder = document.getElementById("budget-chart");
  var source = document.getElementById("budget-chart-data");
  if (!holder || !source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var chart = window.echarts.init(holder, null, { renderer: "svg" });
  var line = data.elapsed === null ? [] : [{ yAxis: data.elapsed, name: "时间进度" }];
  chart.setOption({
    animation: false,
    title: { text: "各部门预算执行率（%）", left: "center", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    grid: { left: 48, right: 96, bottom: 64, top: 40 },
    xAxis: { type: "category", data: data.departments, axisLabel: { interval: 0, rotate: 20 } },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: [{
      type: "bar", name: "预算执行率", data: data.execution,
      label: { show: true, position: "top", formatter: "{c}%" },
      markLine: { symbol: "none", label: { formatter: "时间进度 {c}%" }, data: line }
    }]
  });
  holder.setAttribute("data-rendered", "true");
});
