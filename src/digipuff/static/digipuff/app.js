// Behaviour that templates would otherwise write inline (onchange=..., style=...), which the
// Content-Security-Policy forbids: elements ask for it with data attributes.
//   data-submit-on-change   a select that submits its form when changed (the year in the menu)
//   data-navigate-on-change a select whose options' values are addresses to go to
//   data-width-percent      a progress bar's width; set through the CSS object model, which the policy allows
//   data-kpi-id             a Kolada key figure chosen in the measure form: fills in source, id, and (when empty)
//                           name and definition
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-kpi-id]") : null;
    if (!button) { return; }
    var field = function (id) { return document.getElementById(id); };
    var source = field("id_source"), sourceId = field("id_source_id");
    var name = field("id_name"), description = field("id_description");
    if (source) { source.value = "kolada"; }
    if (name && !name.value) { name.value = button.getAttribute("data-kpi-title"); }
    if (description && !description.value) { description.value = button.getAttribute("data-kpi-description"); }
    if (sourceId) { sourceId.value = button.getAttribute("data-kpi-id"); sourceId.focus(); }
  });
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target instanceof HTMLSelectElement)) { return; }
    if (target.hasAttribute("data-submit-on-change") && target.form) { target.form.submit(); }
    else if (target.hasAttribute("data-navigate-on-change") && target.value) { window.location.assign(target.value); }
  });
  function sizeBars(root) {
    var bars = root.querySelectorAll ? root.querySelectorAll("[data-width-percent]") : [];
    Array.prototype.forEach.call(bars, function (bar) {
      var percent = Math.max(0, Math.min(100, parseFloat(bar.getAttribute("data-width-percent")) || 0));
      bar.style.width = percent + "%";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { sizeBars(document); });
  // Parts of the page that htmx swaps in (the task status polls every two seconds).
  document.addEventListener("htmx:load", function (event) { sizeBars(event.target); });
})();
