// The text editor: a contenteditable with a small toolbar and autosave through htmx. The server cleans what is
// saved (nh3), so text pasted from Word loses its styles there; here paste keeps only plain structure.
(function () {
  "use strict";
  var editor = document.getElementById("editor");
  var form = document.getElementById("text-form");
  if (!editor || !form) { return; }
  var body = document.getElementById("text-body");
  var timer = null;
  function sync() { body.value = editor.innerHTML; }
  function schedule() {
    sync();
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(function () { htmx.trigger(form, "autosave"); }, 2000);
  }
  // Once a save is refused (409 conflict, 422 invalid) or fails (server error, no connection), the status says
  // "Not saved" until a save succeeds: the writer must never believe a refused text is stored.
  function t(text) { return window.gettext ? window.gettext(text) : text; }
  function markUnsaved(reason) {
    var status = document.getElementById("save-status");
    if (!status) { return; }
    if (status.dataset.state === "refused") { return; }  // the server's answer already says why
    status.dataset.state = "refused";
    status.textContent = "";
    var strong = document.createElement("strong");
    strong.className = "text-danger";
    strong.textContent = t("Not saved.");
    status.appendChild(strong);
    if (reason) { status.appendChild(document.createTextNode(" " + reason)); }
  }
  form.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) { return; }
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 409 || status === 422) { markUnsaved(""); return; }
    markUnsaved(status
      ? t("The server could not save the text; it is kept here. Try again in a while.")
      : t("The server could not be reached; the text is kept here. Check the connection."));
  });
  editor.addEventListener("input", schedule);
  form.addEventListener("submit", sync);
  form.addEventListener("htmx:configRequest", function (event) {
    sync();
    event.detail.parameters.body = editor.innerHTML;
    event.detail.parameters.version = document.getElementById("text-version").value;
  });
  document.querySelectorAll("[data-command]").forEach(function (button) {
    button.addEventListener("click", function () {
      var command = button.dataset.command;
      editor.focus();
      if (command === "footnote") {
        var note = window.prompt(button.dataset.prompt || "");
        if (note) {
          var sup = document.createElement("sup");
          sup.className = "fn";
          sup.dataset.note = note;
          sup.title = note;
          var selection = window.getSelection();
          if (selection.rangeCount) { selection.getRangeAt(0).collapse(false); selection.getRangeAt(0).insertNode(sup); }
          else { editor.appendChild(sup); }
        }
      } else if (command === "createLink") {
        var url = window.prompt(button.dataset.prompt || "", "https://");
        if (url) { document.execCommand("createLink", false, url); }
      } else {
        document.execCommand(command, false, button.dataset.value || null);
      }
      schedule();
    });
  });
  // "Propose text from data": the proposal arrives in #draft-status and moves into the editor as unsaved text (no
  // autosave is scheduled): the writer reads it, edits it and saves it; nothing is stored or published before that.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (!event.detail.target || event.detail.target.id !== "draft-status") { return; }
    var proposal = event.detail.target.querySelector(".draft-proposal");
    if (!proposal) { return; }
    var html = proposal.innerHTML;
    proposal.remove();
    if (editor.textContent.trim()) { editor.insertAdjacentHTML("beforeend", html); } else { editor.innerHTML = html; }
    sync();
    editor.focus();
  });
  editor.addEventListener("paste", function (event) {
    var html = event.clipboardData && event.clipboardData.getData("text/html");
    if (!html) { return; }
    event.preventDefault();
    // Word's HTML: drop styles, classes, spans and conditional comments before inserting; the server cleans again.
    var doc = new DOMParser().parseFromString(html, "text/html");
    doc.querySelectorAll("style, script, meta, link, xml, o\\:p").forEach(function (n) { n.remove(); });
    doc.querySelectorAll("[style], [class], [lang]").forEach(function (n) {
      n.removeAttribute("style"); n.removeAttribute("lang");
      if (!(n.tagName === "SUP" && n.className === "fn")) { n.removeAttribute("class"); }
    });
    doc.querySelectorAll("span, font").forEach(function (n) { n.replaceWith.apply(n, Array.from(n.childNodes)); });
    document.execCommand("insertHTML", false, doc.body.innerHTML);
    schedule();
  });
})();
