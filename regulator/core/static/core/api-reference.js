// The API reference (Swagger UI): Swagger UI draws a parameter's list of values as a
// <select> without a label; name each after its parameter as it appears, so a screen
// reader says what the list is for (WCAG 4.1.2). Loaded after Swagger UI, as a file (the
// Content Security Policy allows no inline script).
const labelSelects = (root) => {
  for (const select of root.querySelectorAll("tr[data-param-name] select:not([aria-label])")) {
    const row = select.closest("tr[data-param-name]");
    select.setAttribute("aria-label", row.dataset.paramName + " (" + row.dataset.paramIn + ")");
  }
};
const reference = document.getElementById("swagger-ui");
if (reference) {
  new MutationObserver(() => labelSelects(reference)).observe(reference, { childList: true, subtree: true });
}
