// Tells the user when an htmx request failed without an answer to show in place. 409 and 422 carry a form or a
// message and are swapped (see the htmx-config meta in base.html); other errors are not swapped, so without this
// the page would look as if the action had worked.
(function () {
  "use strict";
  var SHOWN_IN_PLACE = { 409: true, 422: true };
  function t(text) { return window.gettext ? window.gettext(text) : text; }
  function tell(text) {
    var box = document.getElementById("request-error");
    if (!box) { window.alert(text); return; }
    box.textContent = text;
    box.hidden = false;
    box.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("request-error");
    if (box) { box.hidden = true; box.textContent = ""; }
  });
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (SHOWN_IN_PLACE[status]) { return; }
    if (status === 403) { tell(t("You may not do this. Nothing was saved.")); }
    else if (status === 404) { tell(t("What you were working on no longer exists. Nothing was saved.")); }
    else if (status >= 500) { tell(t("The server ran into an error. Nothing was saved; try again in a while.")); }
    else { tell(t("The request was refused. Nothing was saved; reload the page and try again.")); }
  });
  document.addEventListener("htmx:sendError", function () {
    tell(t("The server could not be reached. Nothing was saved; check the connection and try again."));
  });
})();
