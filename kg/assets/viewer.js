(function () {
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
  const hiddenKinds = new Set(), hiddenRelations = new Set();
  const nodeView = new vis.DataView(nodes, {filter: n => !hiddenKinds.has(n.kind)});
  const edgeView = new vis.DataView(edges, {filter: e => !hiddenRelations.has(e.relation)});
  const container = document.getElementById("net");
  const network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, data.options);
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
  function counts() {
    document.getElementById("counts").textContent =
      network.body.nodeIndices.length + " nodes, " + network.body.edgeIndices.length + " edges drawn";
  }
  const legend = document.getElementById("legend");
  for (const item of data.legend) {
    const sw = el("span", "", "sw"); sw.style.background = item.color; legend.appendChild(sw); legend.appendChild(el("span", item.text));
  }
  for (const item of data.edge_legend) {  // each relation drawn, styled as its fact spec says
    const line = el("span", "", "line"); line.dataset.relation = item.relation;
    line.style.borderTop = "2px " + (item.dashes ? "dashed " : "solid ") + item.color;
    legend.appendChild(line); legend.appendChild(el("span", item.relation));
  }
  function checkbox(parent, value, hidden, present) {
    if (!present) return;
    const label = el("label"), box = el("input"); box.type = "checkbox"; box.checked = true; box.value = value;
    box.dataset.filter = parent.id;
    box.onchange = () => { box.checked ? hidden.delete(value) : hidden.add(value); nodeView.refresh(); edgeView.refresh(); counts(); };
    label.appendChild(box); label.appendChild(document.createTextNode(" " + value)); parent.appendChild(label);
  }
  const kindsPresent = new Set(data.nodes.map(n => n.kind)), relationsPresent = [...new Set(data.edges.map(e => e.relation))].sort();
  for (const item of data.legend) checkbox(document.getElementById("kinds"), item.kind, hiddenKinds, kindsPresent.has(item.kind));
  for (const r of relationsPresent) checkbox(document.getElementById("relations"), r, hiddenRelations, true);
  function details(id) {
    const n = nodes.get(id), side = document.getElementById("side");
    side.replaceChildren();
    if (!n) return;
    side.appendChild(el("h3", n.name));
    side.appendChild(el("p", n.type + " (" + n.kind + ")"));
    if (n.aliases.length) side.appendChild(el("p", "Also: " + n.aliases.join("; ")));
    if (n.date !== undefined) side.appendChild(el("p", "date: " + n.date + (n.datePrecision ? " (" + n.datePrecision + ")" : "") + (n.reported ? "; reported " + n.reported : "")));
    if (n.status !== undefined) side.appendChild(el("p", "status: " + n.status + " (" + n.sources + (n.sources === 1 ? " independent source" : " independent sources") + ")", "status"));
    for (const key of ["count", "text"]) if (n[key] !== undefined) side.appendChild(el("p", key + ": " + n[key]));
    if (n.lat !== undefined) side.appendChild(el("p", "lat " + n.lat + ", long " + n.long));
    for (const url of n.links) {
      const a = el("a", url.includes("wikidata") ? "Wikidata " + url.split("/").pop() : "GeoNames " + url.split("/").filter(Boolean).pop());
      a.href = url.replace("http://www.wikidata.org/entity/", "https://www.wikidata.org/wiki/"); a.rel = "noopener noreferrer"; a.target = "_blank";
      const p = el("p"); p.appendChild(a); side.appendChild(p);
    }
    if (n.evidence.length) side.appendChild(el("h4", "Evidence"));
    for (const ev of n.evidence) { const box = el("div", "", "ev"); box.appendChild(el("div", ev.sentence)); box.appendChild(el("div", ev.doc, "doc")); side.appendChild(box); }
  }
  network.on("click", params => { if (params.nodes.length) details(params.nodes[0]); });
  const search = document.getElementById("search");
  function find() {
    const q = search.value.trim().toLowerCase();
    if (!q) { network.unselectAll(); return []; }
    const hits = nodeView.get({filter: n => n.name.toLowerCase().includes(q) || n.aliases.some(a => a.toLowerCase().includes(q))}).map(n => n.id);
    network.selectNodes(hits);
    if (hits.length) { network.focus(hits[0], {scale: 1.0, animation: false}); details(hits[0]); }
    return hits;
  }
  search.addEventListener("input", find);
  window.kgView = {network, nodes, edges, nodeView, edgeView, find,
                   drawn: () => ({nodes: network.body.nodeIndices.length, edges: network.body.edgeIndices.length})};
  // Ready is also marked in the DOM: a test or tool can wait for it without evaluating script,
  // which the page's CSP (no 'unsafe-eval') would refuse.
  network.once("afterDrawing", () => {
    window.kgFirstDraw = performance.now(); window.kgReady = true; document.body.dataset.ready = "true"; counts();
  });
  network.on("stabilizationIterationsDone", () => network.setOptions({physics: {enabled: false}}));
})();
