// The page's only script: it adds what a plain form cannot do, nothing the report needs.
// Files dropped on the form go into its file input (then it is the same form POST), the
// chosen files are listed, and the button says that the check is running. Its words
// are in the page (#serve-words), in the page's language.
(function () {
  "use strict";
  var words = JSON.parse(document.getElementById("serve-words").textContent);
  var form = document.getElementById("upload");
  var input = document.getElementById("file");
  var zone = document.getElementById("drop");
  var list = document.getElementById("chosen");
  if (!form || !input || !zone) { return; }
  zone.querySelector(".drop-here").hidden = false;

  function show() {
    list.textContent = "";
    for (var i = 0; i < input.files.length; i++) {
      var item = document.createElement("li");
      var size = input.files[i].size;
      var shown = size < 1024 * 1024 ? words.kb.replace("{n}", String(Math.max(1, Math.round(size / 1024))))
        : words.mb.replace("{n}", (size / 1024 / 1024).toFixed(1));
      item.textContent = input.files[i].name + " (" + shown + ")";
      list.appendChild(item);
    }
    if (input.files.length) { list.setAttribute("aria-label", words.chosen); }
  }

  input.addEventListener("change", show);
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("over");
    });
  });
  ["dragleave", "dragend"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    zone.classList.remove("over");
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      show();
      input.focus();
    }
  });
  // A file dropped beside the form would make the browser open it, leaving the page.
  ["dragover", "drop"].forEach(function (name) {
    window.addEventListener(name, function (event) {
      if (!zone.contains(event.target)) { event.preventDefault(); }
    });
  });

  form.addEventListener("submit", function () {
    var button = document.getElementById("submit");
    window.setTimeout(function () { button.disabled = true; }, 0);  // after the form has taken its values
    document.getElementById("busy").textContent = words.busy;
  });
  // Back in the page from the browser's cache: ready again.
  window.addEventListener("pageshow", function () {
    document.getElementById("submit").disabled = false;
    document.getElementById("busy").textContent = "";
  });

  // After a check the page opens at its result: move the focus there for a screen reader too.
  // (Once loaded: the browser's own move to the fragment would undo it before.)
  var result = document.getElementById("tulos-h");
  if (result && location.hash === "#tulos") {
    result.setAttribute("tabindex", "-1");
    window.addEventListener("load", function () { result.focus({preventScroll: true}); });
  }
})();
