// The workflow panel of the plan page (no inline scripts: the Content-Security-Policy forbids them).
"use strict";

// An edit of the table changes the review's findings: draw the panel again (its errors to fix and
// warnings to explain), keeping what the person had typed in it.
document.addEventListener("htmx:afterSwap", function (event) {
  const target = event.detail.target;
  if (!target || target.id !== "sheet") return;
  const panel = document.getElementById("flow-panel");
  if (!panel || !panel.dataset.url) return;
  const typed = {};
  for (const input of panel.querySelectorAll("input[name], textarea[name]")) {
    if (input.type === "hidden" || !input.value) continue;
    typed[input.name] = input.value;
  }
  htmx.ajax("GET", panel.dataset.url, { source: panel, target: "#flow-panel", swap: "outerHTML", values: typed });
});
