// jixiao page behaviour: no inline scripts (the Content-Security-Policy forbids them).
"use strict";

// Paste a block copied from Excel or WPS (tab-separated rows) into the plan sheet: the text goes to
// the server, which reads the rows as a table's and inserts them below the row being edited. A plain
// value pasted into one cell stays a normal paste.
document.addEventListener("paste", function (event) {
  const sheet = event.target.closest && event.target.closest("#sheet[data-paste-url]");
  if (!sheet || event.target.id === "paste-text") return;
  const text = (event.clipboardData || window.clipboardData).getData("text");
  if (!text || (text.indexOf("\t") < 0 && text.replace(/\r?\n$/, "").indexOf("\n") < 0)) return;
  event.preventDefault();
  const error = document.getElementById("paste-error");
  const max = parseInt(sheet.dataset.pasteMax, 10);
  if (new Blob([text]).size > max) {
    error.textContent = "粘贴的内容过大（" + (new Blob([text]).size / 1048576).toFixed(1) +
      " MB，上限 " + Math.round(max / 1024) + " KB），未保存：请分几次粘贴，或把整张表作为文件上传";
    error.hidden = false;
    return;
  }
  const row = event.target.closest("tr[data-index]");
  const at = row ? parseInt(row.dataset.index, 10) + 1 : "";
  htmx.ajax("POST", sheet.dataset.pasteUrl, {
    source: sheet, target: "#sheet", swap: "outerHTML",
    values: { text: text, at: at, mode: sheet.dataset.mode, revision: sheet.dataset.revision },
  });
});

// Refused saves (409 stale, 413 too large, 422 unreadable) come back as the sheet with the message
// at the field: swap them like successes.
document.addEventListener("htmx:beforeSwap", function (event) {
  const status = event.detail.xhr.status;
  if (status === 409 || status === 413 || status === 422) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// An upload larger than the limit is refused before it is sent.
document.addEventListener("change", function (event) {
  const input = event.target;
  if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) return;
  const max = parseInt(input.dataset.maxBytes, 10);
  let total = 0;
  for (const f of input.files) total += f.size;
  input.setCustomValidity(total > max ? "文件合计 " + (total / 1048576).toFixed(1) + " MB，超过上限 " +
    Math.round(max / 1048576) + " MB" : "");
  input.reportValidity();
});
