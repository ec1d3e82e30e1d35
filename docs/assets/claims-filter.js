// Claims index filters: a small script of our own, no framework. Without JavaScript the full table stays.
(function () {
  function setUp() {
    var form = document.querySelector("form.rc-filters");
    var body = document.querySelector("table.rc-claims-index tbody");
    if (!form || !body || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var rows = Array.prototype.slice.call(body.rows);
    var count = form.querySelector(".rc-filter-count");
    function apply() {
      var wanted = {};
      form.querySelectorAll("select[data-filter]").forEach(function (s) { if (s.value) wanted[s.dataset.filter] = s.value; });
      var order = form.querySelector("select[data-sort]").value;
      rows.sort(function (a, b) {
        var d = a.dataset.date < b.dataset.date ? -1 : a.dataset.date > b.dataset.date ? 1 : 0;
        return order === "old" ? d : -d;
      });
      var shown = 0;
      rows.forEach(function (row) {
        var ok = Object.keys(wanted).every(function (k) { return row.dataset[k] === wanted[k]; });
        row.hidden = !ok;
        if (ok) shown += 1;
        body.appendChild(row);
      });
      count.textContent = shown + " of " + rows.length + " claims";
    }
    form.addEventListener("change", apply);
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp); else setUp();
})();
