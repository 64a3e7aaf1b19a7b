/* laborfacts report: the record panel, sortable and filterable tables. No network, no libraries. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("lf-data").textContent);
  var panel = document.getElementById("lf-record");
  var hint = document.getElementById("lf-hint");
  var current = [];
  var aside = document.getElementById("lf-panel");

  function record(ref) {
    var m = /^d(\d+)-(\d+)$/.exec(ref || "");
    if (!m) return null;
    var doc = data.docs[+m[1]];
    return doc ? doc.facts[+m[2]] || null : null;
  }

  function text(v) {
    if (v === null || v === undefined || v === "") return null;
    if (typeof v === "object") return JSON.stringify(v);
    return String(v);
  }

  function add(dl, label, value, key, cls) {
    if (value === null || value === undefined || value === "") return;
    var dt = document.createElement("dt");
    var dd = document.createElement("dd");
    dt.textContent = label;
    dd.textContent = value;
    if (key) dd.setAttribute("data-field", key);
    if (cls) dd.className = cls;
    dl.appendChild(dt);
    dl.appendChild(dd);
  }

  // Where subject and time came from: the record's optional "context", in any shape.
  function context(c) {
    if (c === null || c === undefined) return null;
    if (typeof c !== "object") return String(c);
    if (Array.isArray(c)) return c.map(text).filter(Boolean).join("; ");
    return Object.keys(c).filter(function (k) { return text(c[k]) !== null; })
      .map(function (k) { return k + ": " + text(c[k]); }).join("; ");
  }

  function show(ref) {
    var f = record(ref);
    if (!f) return;
    var r = f.record;
    panel.textContent = "";
    add(panel, "Value", f.shown, "value", "lf-value");
    add(panel, "Type", r.type + (r.metric ? " / " + r.metric : ""), "type");
    add(panel, "Subject", r.subject, "subject");
    add(panel, "Time", r.time, "time");
    add(panel, "Said by", r.attribution, "attribution");
    if (Object.prototype.hasOwnProperty.call(r, "context")) add(panel, "From", context(r.context), "context");
    add(panel, "Rule", r.rule, "rule");
    add(panel, "Text", "\u201c" + r.text + "\u201d", "text");
    add(panel, "Sentence", r.sentence, "sentence");
    add(panel, "Where", r.doc + " @ " + r.start + "\u2013" + r.end, "where");
    // Every other field of the record, whatever the model holds.
    var more = document.createElement("details");
    more.className = "lf-more";
    var sum = document.createElement("summary");
    sum.textContent = "All fields";
    more.appendChild(sum);
    var dl = document.createElement("dl");
    var keys = data.fields.slice();
    Object.keys(r).forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); });
    keys.forEach(function (k) { add(dl, k, text(r[k]), "all-" + k); });
    more.appendChild(dl);
    panel.appendChild(more);
    panel.hidden = false;
    panel.setAttribute("data-ref", ref);
    hint.hidden = true;
    aside.classList.add("lf-open");
    current.forEach(function (el) { el.classList.remove("lf-current"); });
    current = Array.prototype.slice.call(document.querySelectorAll('[data-ref="' + ref + '"]'))
      .filter(function (el) { return el.tagName === "MARK" || el.tagName === "TR"; });
    current.forEach(function (el) { el.classList.add("lf-current"); });
  }

  document.getElementById("lf-close").addEventListener("click", function () {
    aside.classList.remove("lf-open");
    panel.hidden = true;
    hint.hidden = false;
    current.forEach(function (el) { el.classList.remove("lf-current"); });
    current = [];
  });

  function innermost(target) {
    return target && target.closest ? target.closest("mark[data-fact], tbody tr[data-ref]") : null;
  }
  document.addEventListener("click", function (e) {
    var el = innermost(e.target);
    if (el && !(e.target.closest && e.target.closest("a"))) show(el.getAttribute("data-ref"));
  });
  document.addEventListener("focusin", function (e) {
    var el = e.target.matches && e.target.matches("mark[data-fact]") ? e.target : null;
    if (el) show(el.getAttribute("data-ref"));
  });
  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id ? document.getElementById(id) : null;
    if (el && el.getAttribute("data-ref")) {
      show(el.getAttribute("data-ref"));
      if (el.tagName === "MARK") el.focus({ preventScroll: true });
    }
  }
  window.addEventListener("hashchange", fromHash);
  if (location.hash) fromHash();

  // Sorting: numbers as numbers, the rest as text; empty cells last.
  function compare(a, b) {
    if (a === b) return 0;
    if (a === "") return 1;
    if (b === "") return -1;
    var x = Number(a), y = Number(b);
    if (!isNaN(x) && !isNaN(y)) return x - y;
    return a < b ? -1 : 1;
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.lf-facts"), function (table) {
    var heads = table.querySelectorAll("thead th");
    Array.prototype.forEach.call(heads, function (th, col) {
      th.setAttribute("aria-sort", "none");
      th.querySelector("button").addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        Array.prototype.forEach.call(heads, function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var c = compare(r1.cells[col].getAttribute("data-sort"), r2.cells[col].getAttribute("data-sort"));
          return c === 0 ? 0 : (c > 0 ? dir : -dir);
        });
        // Rows move in one fragment, so the table is laid out once.
        var moved = document.createDocumentFragment();
        rows.forEach(function (r) { moved.appendChild(r); });
        body.appendChild(moved);
      });
    });
  });

  // Filtering: by type, by subject, and by any text in the row.
  Array.prototype.forEach.call(document.querySelectorAll(".lf-filters"), function (bar) {
    var table = document.getElementById(bar.getAttribute("data-for"));
    var type = bar.querySelector('[data-filter="type"]');
    var subject = bar.querySelector('[data-filter="subject"]');
    var q = bar.querySelector('[data-filter="q"]');
    var count = bar.querySelector(".lf-count");
    function apply() {
      var words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
      var rows = table.tBodies[0].rows, shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var r = rows[i], t = r.textContent.toLowerCase();
        var ok = (!type.value || r.getAttribute("data-type") === type.value) &&
          (!subject.value || r.getAttribute("data-subject") === subject.value) &&
          words.every(function (w) { return t.indexOf(w) >= 0; });
        r.hidden = !ok;
        if (ok) shown++;
      }
      count.textContent = shown + " of " + rows.length;
    }
    [type, subject].forEach(function (el) { el.addEventListener("change", apply); });
    q.addEventListener("input", apply);
  });

  // Print every table, not only the open ones.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
}());
