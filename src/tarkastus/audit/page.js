// The audit page's controls, inlined into the page by html.py.
//
// Progressive enhancement: the page is complete without this script (the
// findings by document, every matrix in its own order). The script shows
// the controls the page carries hidden, and adds sorting and CSV export to
// the matrices and grouping and filtering to the findings. Nothing is fetched;
// the words come from the page (#audit-words), in the page's language.
(function () {
  "use strict";
  var dataNode = document.getElementById("audit-words");
  if (!dataNode || !document.querySelector) return;
  var W = JSON.parse(dataNode.textContent);
  document.documentElement.classList.add("js");

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? String(values[name]) : all;
    });
  }

  // ---- the matrices: sorting and CSV -------------------------------------

  // Problems first: a failing cell, a deviation, an unchecked one, then the passing and empty ones.
  var RANK = { fail: 0, suppressed: 1, unchecked: 2, pass: 3, none: 4 };

  function cellState(cell) {
    for (var state in RANK) if (cell.classList.contains(state)) return state;
    return "none";
  }

  function cellRank(cell) {
    var state = cellState(cell);  // an error before a warning
    return RANK[state] + (state === "fail" && cell.classList.contains("warning") ? 0.5 : 0);
  }

  function rowTitle(row) {
    var title = row.querySelector("th .title");
    return title ? title.textContent : row.cells[0].textContent;
  }

  function sortBy(table, column, th) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true });
    rows.sort(function (a, b) {
      var order;
      if (column === 0) {
        order = collator.compare(rowTitle(a), rowTitle(b));
      } else {
        order = cellRank(a.cells[column]) - cellRank(b.cells[column]);
      }
      if (!ascending) order = -order;
      return order || a.dataset.order - b.dataset.order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function csvField(text) {
    text = text.replace(/\s+/g, " ").trim();
    return /[",;\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function cellText(cell) {
    var text = W.states[cellState(cell)];
    if (cell.dataset.codes) text += ": " + cell.dataset.codes;
    if (cell.dataset.notes) text += " (" + W.note + ": " + cell.dataset.notes + ")";
    return text;
  }

  function csv(table) {
    var head = table.tHead.rows[0].cells;
    var lines = [[W.document, W.file].concat(Array.prototype.slice.call(head, 1).map(function (th) {
      return th.querySelector(".name").textContent;
    }))];
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var path = row.cells[0].querySelector(".path");
      var line = [rowTitle(row), path ? path.textContent : ""];
      for (var i = 1; i < row.cells.length; i++) line.push(cellText(row.cells[i]));
      lines.push(line);
    });
    return "\ufeff" + lines.map(function (line) {
      return line.map(csvField).join(W.separator);
    }).join("\r\n") + "\r\n";
  }

  function download(name, text) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.matrix"), function (table) {
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row, n) { row.dataset.order = n; });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.title = W.sort;
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, column, th); });
    });
    var tools = document.querySelector('.matrix-tools[data-for="' + table.id + '"]');
    if (!tools) return;
    tools.hidden = false;
    tools.querySelector("button.csv").addEventListener("click", function () {
      download(table.dataset.checklist + ".csv", csv(table));
    });
  });

  // ---- the findings: grouping and filtering ------------------------------

  var section = document.getElementById("findings");
  var controls = section && section.querySelector("form.controls");
  if (!controls) return;
  var byDocument = document.getElementById("by-document");
  var byRule = document.getElementById("by-rule");
  var entries = Array.prototype.slice.call(byDocument.querySelectorAll("article.finding"));
  var hits = Array.prototype.slice.call(byDocument.querySelectorAll("ul.hits > li"));
  var home = entries.map(function (entry) { return entry.parentNode; });
  var hitHome = hits.map(function (hit) { return hit.parentNode; });
  var hitDocument = new Map(hits.map(function (hit) { return [hit, hit.closest("section.doc")]; }));
  var RULE_RANK = { error: 0, warning: 1, info: 2, suppressed: 3 };
  var status = controls.querySelector(".shown");
  var grouped = "document";
  controls.hidden = false;
  controls.addEventListener("submit", function (event) { event.preventDefault(); });

  function countOf(entry) {
    var count = entry.querySelector(".head .count");
    if (!count) {
      count = document.createElement("span");
      count.className = "count";
      count.dataset.added = "";
      entry.querySelector(".head").appendChild(count);
    }
    return count;
  }

  function toRules() {
    var hosts = {}, sections = {}, order = [];
    entries.forEach(function (entry) {
      var key = entry.dataset.key, host = hosts[key];
      if (!host) {
        hosts[key] = entry;
        var rule = entry.dataset.rule;
        if (!sections[rule]) {
          var part = document.createElement("section");
          part.className = "rule";
          part.dataset.rule = rule;
          var heading = document.createElement("h3");
          var code = document.createElement("code");
          code.textContent = rule;
          heading.appendChild(code);
          var title = entry.querySelector(".head .title");
          if (title) heading.appendChild(document.createTextNode(" " + title.textContent));
          part.appendChild(heading);
          sections[rule] = part;
          order.push({ rule: rule, rank: RULE_RANK[entry.dataset.cat], part: part });
        }
        sections[rule].appendChild(entry);
        return;
      }
      var list = host.querySelector("ul.hits");
      Array.prototype.slice.call(entry.querySelectorAll("ul.hits > li")).forEach(function (hit) {
        list.appendChild(hit);
      });
      entry.hidden = true;
    });
    Object.keys(hosts).forEach(function (key) {
      var host = hosts[key], n = host.querySelectorAll("ul.hits > li").length;
      var documents = new Set();
      Array.prototype.forEach.call(host.querySelectorAll("ul.hits > li"), function (hit) {
        documents.add(hitDocument.get(hit));
      });
      var d = documents.size;
      var count = countOf(host);
      if (!("original" in count.dataset)) count.dataset.original = count.textContent;
      count.textContent = n > 1 ? fill(W.places, { n: n }) + (d > 1 ? ", " + fill(W.in_documents, { n: d }) : "") : "";
      host.classList.toggle("many", n > 1);
    });
    // Errors first, then warnings and notes; within each, by rule code.
    order.sort(function (a, b) { return a.rank - b.rank || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0); });
    order.forEach(function (item) { byRule.appendChild(item.part); });
    byDocument.hidden = true;
    byRule.hidden = false;
  }

  function toDocuments() {
    hits.forEach(function (hit, n) { hitHome[n].appendChild(hit); });
    entries.forEach(function (entry, n) {
      home[n].appendChild(entry);
      entry.hidden = false;
      var count = entry.querySelector(".head .count");
      if (count && "added" in count.dataset) {
        count.remove();
      } else if (count && "original" in count.dataset) {
        count.textContent = count.dataset.original;
        delete count.dataset.original;
      }
      entry.classList.toggle("many", entry.querySelector("ul.hits").children.length > 1);
    });
    byRule.textContent = "";
    byRule.hidden = true;
    byDocument.hidden = false;
  }

  function applyFilter() {
    var shown = {}, rule = controls.elements.rule.value;
    Array.prototype.forEach.call(controls.querySelectorAll("input[name=cat]"), function (box) {
      shown[box.value] = box.checked;
    });
    var all = rule === "" && Object.keys(shown).every(function (k) { return shown[k]; });
    var visible = 0;
    entries.forEach(function (entry) {
      var on = shown[entry.dataset.cat] !== false && (rule === "" || entry.dataset.rule === rule);
      entry.classList.toggle("filtered", !on);
      if (on && !entry.hidden) visible += entry.querySelectorAll("ul.hits > li").length;
    });
    Array.prototype.forEach.call(byDocument.querySelectorAll("section.doc"), function (part) {
      part.classList.toggle("filtered", !all && !part.querySelector("article.finding:not(.filtered)"));
    });
    Array.prototype.forEach.call(byRule.querySelectorAll("section.rule"), function (part) {
      part.classList.toggle("filtered", !part.querySelector("article.finding:not(.filtered):not([hidden])"));
    });
    status.textContent = fill(W.shown, { shown: visible, total: hits.length });
  }

  function regroup() {
    var wanted = controls.querySelector("input[name=group]:checked").value;
    if (wanted === grouped) return;
    if (wanted === "rule") toRules(); else toDocuments();
    grouped = wanted;
    applyFilter();
  }

  function reveal(id) {
    // A link to a finding or a file (from a matrix, an area): make its target visible.
    var target = id && document.getElementById(id);
    if (!target || !section.contains(target)) return;
    if (byDocument.contains(target) && byDocument.hidden && !target.closest("article.finding")) {
      controls.querySelector("input[name=group][value=document]").checked = true;
      regroup();
    }
    if (target.closest(".filtered")) {  // the filter hid it: show everything again
      Array.prototype.forEach.call(controls.querySelectorAll("input[name=cat]"), function (box) {
        box.checked = true;
      });
      controls.elements.rule.value = "";
      applyFilter();
    }
    return target;
  }

  controls.addEventListener("change", function (event) {
    if (event.target.name === "group") regroup(); else applyFilter();
  });
  // Before the browser follows a link (so it scrolls to a target already shown), and for a typed address.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (link) reveal(decodeURIComponent(link.getAttribute("href").slice(1)));
  }, true);
  window.addEventListener("hashchange", function () {
    var target = reveal(decodeURIComponent(location.hash.slice(1)));
    if (target) target.scrollIntoView();
  });
  applyFilter();
})();
