// Renders the Vega specs a page carries in <script type="application/json"> blocks.
// Specs are compiled from Vega-Lite on the server; the AST interpreter keeps the strict CSP
// (no eval / new Function). Every chart also has a table and a CSV download on the page.
(function () {
  function render(el) {
    var spec = JSON.parse(document.getElementById(el.dataset.vegaSpec).textContent);
    var view = new vega.View(vega.parse(spec, null, { ast: true }), {
      expr: vegaInterpreter.expressionInterpreter,
      renderer: "svg",
      container: el,
      hover: true,
    });
    view.runAsync().then(function () {
      var svg = el.querySelector("svg");
      if (svg) {
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-label", el.dataset.label || "");
      }
    });
  }
  document.querySelectorAll("[data-vega-spec]").forEach(render);
})();
