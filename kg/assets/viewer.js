// newskg's viewer: filters, overview groups, panels, map and time over vis-network.
// Every string from an article reaches the page through textContent or vis-network's plain-text
// labels; nothing here builds HTML from data.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const byId = new Map(data.nodes.map(n => [n.id, n]));
  const edgeById = new Map(data.edges.map(e => [e.id, e]));
  const state = {
    hiddenKinds: new Set(data.hidden_kinds), hiddenRelations: new Set(), hiddenStatuses: new Set(),
    source: "", asOf: null, collapsed: new Set(data.groups),
  };
  let visible = new Set(data.nodes.filter(nodeShown).map(n => n.id));  // before the views: they filter on it
  const nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
  const nodeView = new vis.DataView(nodes, {filter: n => visible.has(n.id)});
  const edgeView = new vis.DataView(edges, {filter: e => edgeShown(edgeById.get(e.id))});
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
  const side = document.getElementById("side");

  // ---- what is shown ------------------------------------------------------------------------
  function factShown(item) {  // status, date and source filters, for nodes and edges alike
    if (item.status && state.hiddenStatuses.has(item.status)) return false;
    if (state.asOf && item.day && item.day > state.asOf) return false;
    if (state.source && item.publishers && !item.publishers.includes(state.source)) return false;
    return true;
  }
  function nodeShown(n) {
    if (n.kind === "group") return state.collapsed.has(n.id) && !state.hiddenKinds.has(n.memberKind);
    if (state.hiddenKinds.has(n.kind)) return false;
    if (n.group && state.collapsed.has(n.group)) return false;
    return factShown(n);
  }
  function edgeShown(e) {
    return visible.has(e.from) && visible.has(e.to) && !state.hiddenRelations.has(e.relation) && factShown(e);
  }
  function refresh() {
    visible = new Set(data.nodes.filter(nodeShown).map(n => n.id));
    nodeView.refresh(); edgeView.refresh(); counts();
  }
  const network = new vis.Network(document.getElementById("net"), {nodes: nodeView, edges: edgeView}, data.options);
  function counts() {
    document.getElementById("counts").textContent =
      network.body.nodeIndices.length + " nodes, " + network.body.edgeIndices.length + " edges drawn";
  }

  // ---- legend: the shapes and colours the nodes are drawn with, from the same data ------------
  const SVG = "http://www.w3.org/2000/svg";
  function svgShape(shape, fill, stroke, dashes) {
    const svg = document.createElementNS(SVG, "svg"); svg.setAttribute("width", "16"); svg.setAttribute("height", "16");
    svg.setAttribute("viewBox", "-8 -8 16 16");
    const star = [...Array(10)].map((_, i) => { const r = i % 2 ? 3 : 7, a = Math.PI / 5 * i - Math.PI / 2; return (r * Math.cos(a)).toFixed(2) + "," + (r * Math.sin(a)).toFixed(2); }).join(" ");
    const hexagon = [...Array(6)].map((_, i) => { const a = Math.PI / 3 * i; return (7 * Math.cos(a)).toFixed(2) + "," + (7 * Math.sin(a)).toFixed(2); }).join(" ");
    const points = {diamond: "0,-7 7,0 0,7 -7,0", triangle: "0,-7 7,6 -7,6", triangleDown: "0,7 7,-6 -7,-6", star, hexagon};
    let s;
    if (shape === "square") { s = document.createElementNS(SVG, "rect"); s.setAttribute("x", "-6"); s.setAttribute("y", "-6"); s.setAttribute("width", "12"); s.setAttribute("height", "12"); }
    else if (points[shape]) { s = document.createElementNS(SVG, "polygon"); s.setAttribute("points", points[shape]); }
    else { s = document.createElementNS(SVG, "circle"); s.setAttribute("r", "6"); }
    s.setAttribute("fill", fill); s.setAttribute("stroke", stroke); s.setAttribute("stroke-width", "1.5");
    if (dashes && dashes.length) s.setAttribute("stroke-dasharray", dashes.map(d => d / 3).join(" "));
    svg.appendChild(s); return svg;
  }
  function svgLine(color, dashes, opacity) {
    const svg = document.createElementNS(SVG, "svg"); svg.setAttribute("width", "22"); svg.setAttribute("height", "8");
    const l = document.createElementNS(SVG, "line"); l.setAttribute("x1", "1"); l.setAttribute("y1", "4"); l.setAttribute("x2", "21"); l.setAttribute("y2", "4");
    l.setAttribute("stroke", color); l.setAttribute("stroke-width", "2"); if (dashes && dashes.length) l.setAttribute("stroke-dasharray", dashes.join(" "));
    if (opacity) l.setAttribute("stroke-opacity", String(opacity));
    svg.appendChild(l); return svg;
  }
  const legend = document.getElementById("legend");
  const kindsPresent = new Set(data.nodes.map(n => n.kind));
  function legendItem(symbol, text, attrs) {
    const item = el("span", undefined, "item"); Object.assign(item.dataset, attrs);
    item.appendChild(symbol); item.appendChild(el("span", text)); legend.appendChild(item);
  }
  for (const k of data.legend) if (kindsPresent.has(k.kind)) legendItem(svgShape(k.shape, k.color, k.color), k.text, {kind: k.kind, shape: k.shape, color: k.color});
  const statusesPresent = new Set([...data.nodes, ...data.edges].map(x => x.status).filter(Boolean));
  for (const s of data.status_legend) if (statusesPresent.has(s.status))
    legendItem(svgShape("triangle", s.hollow ? "#ffffff" : "#e69f00", s.ring || "#e69f00", s.dashes), s.text, {status: s.status});
  for (const r of data.edge_legend) legendItem(svgLine(r.color), r.relation, {relation: r.relation, color: r.color});

  // ---- filters ---------------------------------------------------------------------------------
  function checkbox(parent, value, hidden) {
    const label = el("label"), box = el("input"); box.type = "checkbox"; box.checked = !hidden.has(value); box.value = value;
    box.dataset.filter = parent.id;
    box.onchange = () => { box.checked ? hidden.delete(value) : hidden.add(value); refresh(); };
    label.appendChild(box); label.appendChild(document.createTextNode(" " + value)); parent.appendChild(label);
  }
  for (const k of data.legend) if (kindsPresent.has(k.kind) && k.kind !== "group") checkbox(document.getElementById("kinds"), k.kind, state.hiddenKinds);
  for (const s of data.status_legend.map(s => s.status).concat(["reported"])) if (statusesPresent.has(s)) checkbox(document.getElementById("statuses"), s, state.hiddenStatuses);
  for (const r of [...new Set(data.edges.map(e => e.relation))].filter(r => r !== "grouped").sort()) checkbox(document.getElementById("relations"), r, state.hiddenRelations);
  const sourceSelect = document.getElementById("source");
  for (const p of [...new Set([...data.nodes, ...data.edges].flatMap(x => x.publishers || []))].sort()) {
    const o = el("option", p); o.value = p; sourceSelect.appendChild(o);
  }
  sourceSelect.onchange = () => { state.source = sourceSelect.value; refresh(); };
  const overviewButton = document.getElementById("overview");
  if (data.groups.length) {
    overviewButton.hidden = false;
    overviewButton.onclick = () => {
      const open = state.collapsed.size > 0;
      state.collapsed = open ? new Set() : new Set(data.groups);
      overviewButton.textContent = open ? "group again" : "open all groups"; refresh();
    };
  }

  // ---- time: a slider over the days of the facts, and a strip of events per day ---------------
  const DAY = 86400000;
  const dayIndex = d => Math.round(Date.parse(d + "T00:00:00Z") / DAY);
  const dayAt = i => new Date(i * DAY).toISOString().slice(0, 10);
  const eventDays = data.nodes.filter(n => n.kind === "event" && n.day).map(n => n.day);
  const allDays = [...data.nodes, ...data.edges].map(x => x.day).filter(Boolean).sort();
  const slider = document.getElementById("asof"), sliderLabel = document.getElementById("asof-label");
  const first = allDays.length ? dayIndex(allDays[0]) : 0, last = allDays.length ? dayIndex(allDays[allDays.length - 1]) : 0;
  slider.min = String(first); slider.max = String(last); slider.value = String(last); slider.disabled = !allDays.length;
  function setAsOf(day) {
    state.asOf = day && dayIndex(day) < last ? day : null;
    slider.value = String(state.asOf ? dayIndex(state.asOf) : last);
    sliderLabel.textContent = state.asOf ? state.asOf + " (later facts hidden)" : "all dates";
    const now = document.querySelector("#timeline .now"); if (now) now.style.left = position(Number(slider.value)) + "%";
    refresh();
  }
  slider.oninput = () => setAsOf(dayAt(Number(slider.value)));
  const position = i => last > first ? 100 * (i - first) / (last - first) : 50;
  const strip = document.getElementById("timeline");
  if (eventDays.length) {
    const perDay = new Map(); for (const d of eventDays) perDay.set(d, (perDay.get(d) || 0) + 1);
    const most = Math.max(...perDay.values());
    for (const [day, count] of perDay) {
      const tick = el("button", undefined, "tick"); tick.type = "button"; tick.dataset.day = day;
      tick.title = day + ": " + count + (count === 1 ? " event" : " events"); tick.setAttribute("aria-label", tick.title);
      tick.style.left = position(dayIndex(day)) + "%"; tick.style.height = (6 + 24 * count / most) + "px";
      tick.onclick = () => dayDetails(day); strip.appendChild(tick);
    }
    strip.appendChild(el("span", allDays[0], "end")).style.left = "0";
    const end = el("span", allDays[allDays.length - 1], "end"); end.style.right = "0"; strip.appendChild(end);
    const now = el("div", undefined, "now"); now.style.left = "100%"; strip.appendChild(now);
  } else strip.hidden = true;

  // ---- panels ----------------------------------------------------------------------------------
  const docFacts = new Map();  // document -> the nodes and edges its sentences gave
  for (const x of [...data.nodes, ...data.edges]) for (const ev of x.evidence || [])
    { if (!docFacts.has(ev.document)) docFacts.set(ev.document, new Set()); docFacts.get(ev.document).add(x.id); }
  function linkTo(id, text) {
    const b = el("button", text, "link"); b.type = "button"; b.onclick = () => (edgeById.has(id) ? showEdge(id) : show(id)); return b;
  }
  function line(label, ...parts) {
    const p = el("p"); p.appendChild(el("b", label + ": "));
    parts.forEach((part, i) => { if (i) p.appendChild(document.createTextNode("; ")); p.appendChild(typeof part === "string" ? document.createTextNode(part) : part); });
    side.appendChild(p); return p;
  }
  const docTitle = iri => { const d = data.documents[iri] || {}; return d.title || d.doc || iri; };
  function sources(evidence) {
    const docs = [...new Set(evidence.map(e => e.document))];
    if (!docs.length) return;
    side.appendChild(el("h4", docs.length === 1 ? "Source" : "Sources (" + docs.length + ")"));
    const list = el("ul", undefined, "sources");
    for (const iri of docs) {
      const d = data.documents[iri] || {}, li = el("li");
      li.appendChild(linkTo(iri, docTitle(iri)));
      li.appendChild(el("span", " " + [d.publisher, d.date].filter(Boolean).join(", "), "doc"));
      list.appendChild(li);
    }
    side.appendChild(list);
  }
  function sentences(evidence, heading) {
    if (!evidence.length) return;
    side.appendChild(el("h4", heading || "Evidence"));
    for (const ev of evidence) {
      const box = el("div", "", ev.denies ? "ev denies" : "ev");
      if (ev.denies) box.appendChild(el("b", "denies it: "));
      box.appendChild(el("span", ev.sentence)); box.appendChild(el("div", docTitle(ev.document), "doc")); side.appendChild(box);
    }
  }
  function statusLine(x) {
    if (x.status === undefined) return;
    const p = line("status", x.status + (x.sources === undefined ? "" : " (" + x.sources + (x.sources === 1 ? " independent source)" : " independent sources)")));
    p.className = "status";
  }
  const neighbours = (id, relation) => data.edges.filter(e => e.from === id && e.relation === relation).map(e => linkTo(e.to, (byId.get(e.to) || {}).name || e.to));
  function details(id) {
    const n = byId.get(id);
    side.replaceChildren();
    if (!n) return;
    if (n.kind === "group") return groupDetails(n);
    if (n.kind === "document" || data.documents[id]) return documentDetails(id);
    side.appendChild(el("h3", n.name));
    side.appendChild(el("p", n.type + " (" + n.kind + ")", "muted"));
    if (n.aliases.length) line("also", n.aliases.join("; "));
    if (n.kind === "event") for (const slot of ["agent", "target", "place"]) { const who = neighbours(id, slot); if (who.length) line(slot, ...who); }
    if (n.kind === "claim") for (const slot of ["claimant", "asserts", "denies"]) { const who = neighbours(id, slot); if (who.length) line(slot, ...who); }
    if (n.date !== undefined) line("date", n.date + (n.datePrecision ? " (" + n.datePrecision + ")" : "") + (n.reported ? "; reported " + n.reported : ""));
    statusLine(n);
    for (const key of ["count", "text"]) if (n[key] !== undefined) line(key, String(n[key]));
    if (n.lat !== undefined) line("coordinates", "lat " + n.lat + ", long " + n.long);
    for (const url of n.links) {
      const a = el("a", url.includes("wikidata") ? "Wikidata " + url.split("/").pop() : "GeoNames " + url.split("/").filter(Boolean).pop());
      a.href = url.replace("http://www.wikidata.org/entity/", "https://www.wikidata.org/wiki/"); a.rel = "noopener noreferrer"; a.target = "_blank";
      const p = el("p"); p.appendChild(a); side.appendChild(p);
    }
    sources(n.evidence); sentences(n.evidence);
  }
  function edgeDetails(id) {
    const e = edgeById.get(id);
    side.replaceChildren();
    if (!e) return;
    const from = byId.get(e.from) || {}, to = byId.get(e.to) || {};
    if (e.relation === "grouped") { side.appendChild(el("h3", from.name + " — " + to.name)); side.appendChild(el("p", e.title, "muted")); return; }
    const h = el("h3"); h.appendChild(linkTo(e.from, from.name)); h.appendChild(document.createTextNode(" " + e.relation + " ")); h.appendChild(linkTo(e.to, to.name));
    side.appendChild(h);
    side.dataset.edge = id;
    if (data.descriptions[e.relation]) side.appendChild(el("p", data.descriptions[e.relation], "muted"));
    statusLine(e);
    const own = e.evidence || [];
    const inherited = own.length ? [] : (["event", "claim"].includes(from.kind) ? from.evidence : []);
    sources(own.length ? own : inherited);
    sentences(own.length ? own : inherited, own.length ? "Evidence" : "From the " + from.kind + "'s reports");
  }
  function documentDetails(iri) {
    const d = data.documents[iri] || {};
    side.replaceChildren();
    side.appendChild(el("h3", d.title || d.doc || iri));
    side.appendChild(el("p", "document", "muted"));
    if (d.publisher) line("publisher", d.publisher);
    if (d.date) line("date", d.date);
    if (d.doc) line("identifier", d.doc);
    const facts = [...(docFacts.get(iri) || [])];
    side.appendChild(el("h4", facts.length + (facts.length === 1 ? " fact from it" : " facts from it")));
    const list = el("ul");
    for (const id of facts) {
      const li = el("li"), e = edgeById.get(id);
      const text = e ? (byId.get(e.from) || {}).name + " " + e.relation + " " + (byId.get(e.to) || {}).name : byId.get(id).name + " (" + byId.get(id).kind + ")";
      li.appendChild(linkTo(id, text)); list.appendChild(li);
    }
    side.appendChild(list);
  }
  function groupDetails(g) {
    side.appendChild(el("h3", g.name + (g.anchor && byId.get(g.anchor) ? " beside " + byId.get(g.anchor).name : "")));
    const open = el("button", "open this group"); open.type = "button"; open.onclick = () => expand(g.id); side.appendChild(open);
  }
  function dayDetails(day) {
    const hits = data.nodes.filter(n => n.kind === "event" && n.day === day);
    hits.forEach(n => { if (n.group) state.collapsed.delete(n.group); });
    setAsOf(day);
    network.selectNodes(hits.map(n => n.id).filter(id => visible.has(id)));
    side.replaceChildren(); side.appendChild(el("h3", "Events of " + day));
    const list = el("ul"); for (const n of hits) { const li = el("li"); li.appendChild(linkTo(n.id, n.name)); list.appendChild(li); } side.appendChild(list);
  }
  function expand(gid) { state.collapsed.delete(gid); refresh(); }
  function show(id) {  // select a node wherever it is: open its group, tick its kind
    const n = byId.get(id);
    if (!n) { if (data.documents[id]) documentDetails(id); return; }
    if (n.group && state.collapsed.has(n.group)) state.collapsed.delete(n.group);
    if (state.hiddenKinds.has(n.kind)) { const box = document.querySelector('#kinds input[value="' + n.kind + '"]'); if (box) box.checked = true; state.hiddenKinds.delete(n.kind); }
    refresh();
    if (visible.has(id)) { network.selectNodes([id]); network.focus(id, {scale: Math.max(network.getScale(), 0.8), animation: false}); }
    details(id);
  }
  function showEdge(id) { network.selectEdges([id]); edgeDetails(id); }
  network.on("click", params => {
    if (params.nodes.length) { const n = byId.get(params.nodes[0]); if (n && n.kind === "group") expand(n.id); details(params.nodes[0]); }
    else if (params.edges.length) edgeDetails(params.edges[0]);
  });

  // ---- search: any name or alias, case and accents aside ---------------------------------------
  const fold = s => s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  const searchable = data.nodes.filter(n => n.kind !== "group").map(n => [n, [n.name, ...n.aliases].map(fold)]);
  const search = document.getElementById("search");
  function find() {
    const q = fold(search.value);
    if (!q) { network.unselectAll(); return []; }
    const hits = searchable.filter(([n, names]) => !state.hiddenKinds.has(n.kind) && names.some(x => x.includes(q))).map(([n]) => n);
    hits.sort((a, b) => (fold(a.name) === q ? 0 : 1) - (fold(b.name) === q ? 0 : 1) || a.rank - b.rank);
    if (!hits.length) {
      network.unselectAll(); side.replaceChildren();
      side.appendChild(el("p", "Nothing is named \u201c" + search.value.trim() + "\u201d (names and aliases searched, case and accents aside).", "nomatch"));
      return [];
    }
    for (const n of hits) if (n.group) state.collapsed.delete(n.group);
    refresh();
    const ids = hits.map(n => n.id).filter(id => visible.has(id));
    network.selectNodes(ids);
    if (ids.length) network.focus(ids[0], {scale: Math.max(network.getScale(), 0.8), animation: false});
    details(hits[0].id);
    return hits.map(n => n.id);
  }
  search.addEventListener("input", find);

  // ---- the map: country outlines under the graph, the frame fitted to the page -----------------
  if (data.basemap.length) network.on("beforeDrawing", ctx => {
    ctx.save(); ctx.fillStyle = "#eaf2f8"; ctx.fillRect(-1e7, -1e7, 2e7, 2e7);  // the sea
    ctx.lineWidth = 1 / network.getScale(); ctx.strokeStyle = "#aab2ba"; ctx.fillStyle = "#fbfbf8";
    for (const ring of data.basemap) {
      ctx.beginPath(); ctx.moveTo(ring[0], ring[1]);
      for (let i = 2; i < ring.length; i += 2) ctx.lineTo(ring[i], ring[i + 1]);
      ctx.closePath(); ctx.fill(); ctx.stroke();
    }
    ctx.restore();
  });
  function fitView() {
    if (data.frame) {
      const [left, top, right, bottom] = data.frame, box = document.getElementById("net").getBoundingClientRect();
      const scale = 0.95 * Math.min(box.width / (right - left), box.height / (bottom - top));
      network.moveTo({position: {x: (left + right) / 2, y: (top + bottom) / 2}, scale, animation: false});
    } else network.fit({animation: false});
  }

  // ---- legible labels at the first view: the best-connected nodes whose labels fit without
  // overlapping get a size that shows at least legible_px on screen; the others show once the user
  // zooms in far enough to read them (vis-network skips labels below the draw threshold).
  function legibleLabels() {
    const scale = network.getScale(), px = data.legible_px + 2, size = Math.max(14, Math.ceil(px / scale));
    const taken = [], chosen = [], positions = network.getPositions([...visible]);
    for (const n of data.nodes.filter(n => visible.has(n.id)).sort((a, b) => a.rank - b.rank)) {
      if (chosen.length >= 60) break;
      const p = positions[n.id]; if (!p) continue;
      const dom = network.canvasToDOM(p), w = 0.6 * px * Math.min(n.label.length, 40), top = dom.y + 8;
      const box = [dom.x - w / 2 - 4, top, dom.x + w / 2 + 4, top + px + 4];
      if (taken.some(b => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
      taken.push(box); chosen.push(n.id);
    }
    nodes.update(chosen.map(id => ({id, font: {size}})));
  }
  function labelSizes() {  // on-screen label sizes of the drawn nodes whose labels vis-network draws
    const scale = network.getScale(), threshold = data.options.nodes.scaling.label.drawThreshold - 1;
    return network.body.nodeIndices.map(id => network.body.nodes[id].options.font.size * scale).filter(px => px >= threshold);
  }
  function ready() {
    fitView(); legibleLabels();
    network.once("afterDrawing", () => { window.kgFirstDraw = performance.now(); window.kgReady = true; document.body.dataset.ready = "true"; counts(); });
    network.redraw();
  }
  if (data.options.physics.enabled) network.once("stabilizationIterationsDone", () => { network.setOptions({physics: {enabled: false}}); ready(); });
  else network.once("afterDrawing", () => setTimeout(ready, 0));  // the canvas has its size now

  window.kgView = {
    network, nodes, edges, nodeView, edgeView, state, find, refresh, expand, show, showEdge, setAsOf, labelSizes,
    drawn: () => ({nodes: network.body.nodeIndices.length, edges: network.body.edgeIndices.length}),
    visibleIds: () => [...visible],
  };
})();
