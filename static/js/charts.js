// Charts as progressive enhancement: every chart's data is already on the page as an
// accessible table; this draws the Vega-Lite spec found in the JSON data block next to
// it. Expressions run through vega-interpreter, so no eval is needed under the CSP.
import vegaEmbed from "vega-embed";
import { expressionInterpreter } from "vega-interpreter";

function renderCharts() {
  for (const container of document.querySelectorAll("[data-vega-spec]")) {
    const source = document.getElementById(container.dataset.vegaSpec);
    if (!source) continue;
    const spec = JSON.parse(source.textContent);
    vegaEmbed(container, spec, {
      actions: false,
      ast: true,
      expr: expressionInterpreter,
      renderer: "svg",
      defaultStyle: false,
      tooltip: false,
    })
      .then(() => container.classList.add("regulator-chart--drawn"))
      .catch((error) => container.setAttribute("data-vega-error", String(error)));
  }
}

renderCharts();
