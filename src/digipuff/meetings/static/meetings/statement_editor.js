// The officer's report's editors: one contenteditable per text with a small toolbar, copied into the form's hidden
// fields when it is sent. The server cleans what is saved (nh3), as for report texts.
(function () {
  "use strict";
  var form = document.getElementById("statement-form");
  if (!form) { return; }
  var editors = form.querySelectorAll(".statement-editor");
  function sync() {
    editors.forEach(function (editor) {
      var field = form.querySelector("input[name='" + editor.dataset.field + "']");
      if (field) { field.value = editor.innerHTML; }
    });
  }
  form.addEventListener("submit", sync);
  form.querySelectorAll("[data-command]").forEach(function (button) {
    button.addEventListener("click", function () {
      var editor = document.getElementById("editor-" + button.dataset.editor);
      var command = button.dataset.command;
      editor.focus();
      if (command === "footnote") {
        var note = window.prompt(button.dataset.prompt || "");
        if (note) {
          var sup = document.createElement("sup");
          sup.className = "fn";
          sup.dataset.note = note;
          var selection = window.getSelection();
          if (selection.rangeCount) { selection.getRangeAt(0).collapse(false); selection.getRangeAt(0).insertNode(sup); }
          else { editor.appendChild(sup); }
        }
      } else if (command === "createLink") {
        var url = window.prompt(button.dataset.prompt || "", "https://");
        if (url) { document.execCommand("createLink", false, url); }
      } else {
        document.execCommand(command, false, null);
      }
    });
  });
  editors.forEach(function (editor) {
    editor.addEventListener("paste", function (event) {
      var html = event.clipboardData && event.clipboardData.getData("text/html");
      if (!html) { return; }
      event.preventDefault();
      var doc = new DOMParser().parseFromString(html, "text/html");
      doc.querySelectorAll("style, script, meta, link, xml").forEach(function (n) { n.remove(); });
      doc.querySelectorAll("[style], [class], [lang]").forEach(function (n) {
        n.removeAttribute("style"); n.removeAttribute("lang");
        if (!(n.tagName === "SUP" && n.className === "fn")) { n.removeAttribute("class"); }
      });
      doc.querySelectorAll("span, font").forEach(function (n) { n.replaceWith.apply(n, Array.from(n.childNodes)); });
      document.execCommand("insertHTML", false, doc.body.innerHTML);
    });
  });
})();
