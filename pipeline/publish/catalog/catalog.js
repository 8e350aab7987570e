(function () {
  "use strict";
  // Opens the <details> around the target of a link (a chart's point -> its row in the claims table).
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    for (var p = target.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") p.open = true;
    }
    target.scrollIntoView();
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();

  var source = document.getElementById("rows-data");
  var form = document.getElementById("rb-form");
  if (!source || !form) return;
  var data = JSON.parse(source.textContent);
  var tableSel = document.getElementById("rb-table");
  var kindSel = document.getElementById("rb-kind");
  var kindLabel = document.getElementById("rb-kind-label");
  var query = document.getElementById("rb-q");
  var count = document.getElementById("rb-count");
  var out = document.getElementById("rb-rows");
  var more = document.getElementById("rb-more");
  var PAGE = 20;
  var shown = PAGE;
  var matches = [];

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function doc(id) { return data.docs[id] || ["", "", "", ""]; }
  function haystack(row) {
    if (row.h === undefined) {
      var d = doc(row[4]);
      row.h = [row[0], row[1], row[2].join(" "), row[3], row[4], d[0], d[1]].join(" ").toLowerCase();
    }
    return row.h;
  }
  function fillKinds() {
    var t = data.tables[tableSel.value];
    kindLabel.textContent = t.kind;
    kindSel.textContent = "";
    var all = el("option", "all (" + t.rows.length + ")");
    all.value = "";
    kindSel.appendChild(all);
    t.kinds.forEach(function (k) {
      var o = el("option", k[0] + " (" + k[1] + ")");
      o.value = k[0];
      kindSel.appendChild(o);
    });
  }
  function sourceCell(row) {
    var td = el("td", null, "src");
    td.setAttribute("data-label", "source");
    var d = doc(row[4]);
    var name = d[0] || "(untitled article)";
    if (/^https?:\/\//.test(d[2])) {
      var a = el("a", name);
      a.href = d[2];
      a.rel = "noopener noreferrer";
      td.appendChild(a);
    } else {
      td.appendChild(el("span", name));
    }
    td.appendChild(el("small", [d[1], d[3], row[4]].filter(Boolean).join(" · ")));
    return td;
  }
  function draw() {
    var t = data.tables[tableSel.value];
    var text = matches.length + " of " + t.rows.length + " " + tableSel.value + " match";
    if (t.total > t.rows.length) text += " (this page holds the first " + t.rows.length + " of " + t.total + " rows: the downloads have every row)";
    if (matches.length > shown) text += "; showing the first " + shown;
    count.textContent = text;
    out.textContent = "";
    var head = el("tr");
    t.columns.concat(["quote", "source"]).forEach(function (c) {
      var th = el("th", c);
      th.scope = "col";
      head.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(head);
    var tbody = el("tbody");
    matches.slice(0, shown).forEach(function (row) {
      var tr = el("tr");
      tr.setAttribute("data-id", row[0]);
      row[2].forEach(function (text, i) {
        var td = el(i === 0 ? "th" : "td", text);
        if (i === 0) td.scope = "row";
        td.setAttribute("data-label", t.columns[i]);
        tr.appendChild(td);
      });
      var q = el("td", null, "quote");
      q.setAttribute("data-label", "quote");
      q.appendChild(el("q", row[3]));
      tr.appendChild(q);
      tr.appendChild(sourceCell(row));
      tbody.appendChild(tr);
    });
    out.appendChild(thead);
    out.appendChild(tbody);
    more.hidden = matches.length <= shown;
    more.textContent = "Show " + Math.min(PAGE, matches.length - shown) + " more";
  }
  function filter() {
    var t = data.tables[tableSel.value];
    var words = query.value.toLowerCase().split(/\s+/).filter(Boolean);
    var kind = kindSel.value;
    matches = t.rows.filter(function (row) {
      if (kind && row[1] !== kind) return false;
      var h = haystack(row);
      return words.every(function (w) { return h.indexOf(w) >= 0; });
    });
    shown = PAGE;
    draw();
  }
  tableSel.addEventListener("change", function () { fillKinds(); filter(); });
  kindSel.addEventListener("change", filter);
  query.addEventListener("input", filter);
  form.addEventListener("submit", function (e) { e.preventDefault(); filter(); });
  form.addEventListener("reset", function () { setTimeout(function () { fillKinds(); filter(); }, 0); });
  more.addEventListener("click", function () { shown += PAGE; draw(); });
  form.hidden = false;
  fillKinds();
  filter();
})();
