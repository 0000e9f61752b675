// wanmeter web calculator: the form <-> URL hash (the flags of `wanmeter analyze`), the call into
// the WebAssembly build (web/wasm/entry.cpp: parse_analyze, analyze, to_json_text, the SVG
// writers), and the display of report.json. No cost formula lives here: every figure shown is a
// value of report.json, carried exactly in data-metric (its key path, array indices as numbers:
// "modules.12.time_s") and data-value (the number's text as report.json writes it); the text a
// reader sees is that value scaled to a unit. The only derived figures are the shares of the
// module table and the bar lengths (a value divided by the run's total, for display).
'use strict';

(function () {
  // ---------------------------------------------------------------- form fields (CLI flags)
  // kind: text (a flag with a value), select (a flag with a fixed set of values; "" = not given),
  // switch (a flag without a value). Labels and help: the CLI's flag table (catalog.flags).
  const GROUPS = [
    { legend: 'Model and workload', fields: [
      { flag: 'model', label: 'Model', kind: 'select', options: 'models' },
      { flag: 'profile', label: 'Profile', kind: 'select', options: 'profiles', none: "the model's own defaults" },
      { flag: 'frames', label: 'Frames', kind: 'text', mode: 'numeric', from: 'workload.frames' },
      { flag: 'height', label: 'Height (px)', kind: 'text', mode: 'numeric', from: 'workload.height' },
      { flag: 'width', label: 'Width (px)', kind: 'text', mode: 'numeric', from: 'workload.width' },
      { flag: 'steps', label: 'Steps', kind: 'text', mode: 'numeric', from: 'workload.steps' },
      { flag: 'batch', label: 'Batch', kind: 'text', mode: 'numeric', from: 'workload.batch' },
      { flag: 'guidance-scale', label: 'Guidance scale', kind: 'text', mode: 'decimal', from: 'workload.guidance_scale' },
      { flag: 'shift', label: 'Sample shift', kind: 'text', mode: 'decimal', from: 'workload.shift' },
      { flag: 'image-size', label: 'Input image size (WxH)', kind: 'text', mode: 'text', placeholder: 'e.g. 1280x720' },
      { flag: 'image-input', label: 'Image input (TI2V-5B image-to-video)', kind: 'switch' },
    ] },
    { legend: 'Device', fields: [
      { flag: 'device', label: 'Device', kind: 'select', options: 'devices', none: 'none (no time, no fit)' },
    ] },
    { legend: 'GPUs (one node)', fields: [
      { flag: 'ulysses-size', label: 'Ulysses degree (GPUs, divides the heads)', kind: 'text', mode: 'numeric', placeholder: '1' },
      { flag: 'ring-size', label: 'Ring degree (GPUs; Wan2.1, or fused)', kind: 'text', mode: 'numeric', placeholder: '1' },
      { flag: 'cfg-parallel', label: 'CFG parallel (two groups; fused only)', kind: 'switch' },
      { flag: 'dit-fsdp', label: 'Shard the DiT (FSDP)', kind: 'switch' },
      { flag: 't5-fsdp', label: 'Shard the text encoder (FSDP)', kind: 'switch' },
      { flag: 'parallel-vae', label: 'Patch-parallel VAE decode (fused only)', kind: 'switch' },
      { flag: 'interconnect', label: 'Interconnect', kind: 'select', options: 'interconnects', none: "the device's own" },
    ] },
    { legend: 'Execution', fields: [
      { flag: 'exec', label: 'Execution model', kind: 'select', options: ['eager', 'fused'], none: 'default (eager)' },
      { flag: 'weight-dtype', label: 'DiT weight format', kind: 'select', options: ['fp32', 'bf16', 'fp8', 'int8', 'q8_0', 'q6_k', 'q5_k_m', 'q4_k_m'], none: 'default (fp32 eager, bf16 fused)' },
      { flag: 't5-weight-dtype', label: 'Text encoder weight format', kind: 'select', options: ['bf16', 'fp8', 'int8', 'q8_0', 'q6_k', 'q5_k_m', 'q4_k_m'], none: 'default (bf16)' },
      { flag: 'attention', label: 'Attention kernel', kind: 'select', options: ['auto', 'fa2', 'fa3', 'sdpa', 'sage2'], none: 'default (auto)' },
      { flag: 'attention-density', label: 'Attention density (block-sparse, 0 < F <= 1)', kind: 'text', mode: 'decimal', placeholder: '1' },
      { flag: 'cache-skip', label: 'Cache skip (TeaCache/MagCache, 0 <= F < 1)', kind: 'text', mode: 'decimal', placeholder: '0' },
      { flag: 'distilled', label: 'Few-step distilled (4 steps, no CFG)', kind: 'switch' },
      { flag: 'host-memory', label: 'Host memory', kind: 'select', options: ['pageable', 'pinned'], none: 'default (pageable)' },
      { flag: 'offload', label: 'Offload policy', kind: 'select', options: ['none', 'model', 'block', 'sequential'], none: 'default (model on one GPU)' },
      { flag: 'resident-blocks', label: 'Resident DiT blocks (block offload)', kind: 'text', mode: 'numeric', placeholder: 'the most that fit' },
      { flag: 'no-offload', label: 'Keep every model on the device (no offload)', kind: 'switch' },
      { flag: 'vae-tiling', label: 'Tiled VAE decode', kind: 'switch' },
      { flag: 't5-cpu', label: 'Text encoder on the CPU', kind: 'switch' },
      { flag: 'allow-tf32', label: 'Allow TF32 for FP32 GEMMs', kind: 'switch' },
    ] },
  ];
  const FIELD_BY_FLAG = new Map();
  for (const g of GROUPS) for (const f of g.fields) FIELD_BY_FLAG.set(f.flag, f);

  let wasm = null;      // the Emscripten module
  let catalog = null;   // models, profiles, devices, flags (wm_catalog)
  let extraPairs = [];  // hash pairs that are not form fields (passed on; the CLI judges them)
  let report = null;    // the last report, numbers as their exact text
  let reportBytes = null;
  let moduleState = null;
  const urls = [];
  const perf = { firstResultMs: null, last: null, recomputes: [] };

  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs, ...children) => {
    const e = document.createElement(tag);
    if (attrs) for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  };

  // ---------------------------------------------------------------- the wasm interface
  function outText(k) {
    const ptr = wasm._wm_out(k);
    const len = wasm._wm_out_len(k);
    return new TextDecoder().decode(wasm.HEAPU8.subarray(ptr, ptr + len));
  }
  function outBytes(k) {
    const ptr = wasm._wm_out(k);
    const len = wasm._wm_out_len(k);
    return wasm.HEAPU8.slice(ptr, ptr + len);
  }
  /** The analysis of `pairs` ([[flag, text], ...]): {rc, message, knob} or {rc: 0, bytes, ...}. */
  function analyze(pairs) {
    const enc = new TextEncoder();
    const parts = [];
    for (const [n, v] of pairs) { parts.push(enc.encode(n), new Uint8Array([0]), enc.encode(v), new Uint8Array([0])); }
    const len = parts.reduce((s, p) => s + p.length, 0);
    const ptr = wasm._malloc(len + 1);
    let at = ptr;
    for (const p of parts) { wasm.HEAPU8.set(p, at); at += p.length; }
    const rc = wasm._wm_analyze(ptr, len);
    wasm._free(ptr);
    if (rc !== 0) return { rc, message: outText(3), knob: outText(4) };
    return { rc, bytes: outBytes(0), roofline: outText(1), stages: outText(2), runId: outText(5) };
  }

  // ---------------------------------------------------------------- URL hash <-> pairs
  function readHash() {
    const h = location.hash.replace(/^#/, '');
    const pairs = [];
    if (!h) return pairs;
    for (const part of h.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const dec = (s) => { try { return decodeURIComponent(s); } catch (e) { return s; } };
      pairs.push(eq < 0 ? [dec(part), ''] : [dec(part.slice(0, eq)), dec(part.slice(eq + 1))]);
    }
    return pairs;
  }
  function writeHash(pairs) {
    const enc = (s) => encodeURIComponent(s).replace(/%2F/g, '/');
    const h = pairs.map(([n, v]) => (v === '' && FIELD_BY_FLAG.get(n)?.kind === 'switch') ? enc(n) : enc(n) + '=' + enc(v)).join('&');
    const url = location.pathname + location.search + (h ? '#' + h : '');
    if (url !== location.pathname + location.search + location.hash) history.replaceState(null, '', url);
  }
  function pairsFromForm() {
    const pairs = [];
    for (const g of GROUPS) for (const f of g.fields) {
      const input = $('f-' + f.flag);
      if (f.kind === 'switch') { if (input.checked) pairs.push([f.flag, '']); }
      else if (input.value !== '') pairs.push([f.flag, input.value]);
    }
    return pairs.concat(extraPairs);
  }
  function formFromPairs(pairs) {
    extraPairs = [];
    const seen = new Set();
    for (const g of GROUPS) for (const f of g.fields) {
      const input = $('f-' + f.flag);
      if (f.kind === 'switch') input.checked = false; else input.value = '';
    }
    for (const [n, v] of pairs) {
      const f = FIELD_BY_FLAG.get(n);
      if (!f || seen.has(n)) { extraPairs.push([n, v]); continue; }
      seen.add(n);
      const input = $('f-' + n);
      if (f.kind === 'switch') {
        if (v === '') input.checked = true; else extraPairs.push([n, v]); // a value given to a switch: the CLI's error
      } else if (f.kind === 'select' && ![...input.options].some((o) => o.value === v)) {
        extraPairs.push([n, v]); // not one of the choices: the CLI names the rule
      } else {
        input.value = v;
      }
    }
  }

  // ---------------------------------------------------------------- the form
  function buildForm() {
    const help = new Map(catalog.flags.map((f) => [f.name, f.help]));
    const root = $('fields');
    for (const g of GROUPS) {
      const fs = el('fieldset', null, el('legend', { text: g.legend }));
      for (const f of g.fields) {
        const id = 'f-' + f.flag;
        const helpId = 'h-' + f.flag;
        const errId = 'e-' + f.flag;
        const flagCode = el('code', { class: 'flag', text: ' --' + f.flag });
        let input;
        if (f.kind === 'select') {
          input = el('select', { id, name: f.flag, 'aria-describedby': helpId + ' ' + errId });
          input.append(el('option', { value: '', text: f.none || ('default (' + defaultModelId() + ')') }));
          const list = typeof f.options === 'string' ? catalog[f.options] : f.options.map((o) => ({ id: o }));
          for (const o of list) {
            input.append(el('option', { value: o.id, text: o.id + (o.description ? ': ' + o.description : o.name ? ': ' + o.name : '') }));
          }
        } else if (f.kind === 'switch') {
          input = el('input', { id, name: f.flag, type: 'checkbox', 'aria-describedby': helpId + ' ' + errId });
        } else {
          input = el('input', { id, name: f.flag, type: 'text', inputmode: f.mode, autocomplete: 'off', spellcheck: 'false',
                                placeholder: f.placeholder, 'aria-describedby': helpId + ' ' + errId });
        }
        const label = el('label', { for: id, text: f.label }, flagCode);
        const div = el('div', { class: 'field' + (f.kind === 'switch' ? ' switch' : '') });
        if (f.kind === 'switch') div.append(input, ' ', label); else div.append(label, input);
        div.append(el('span', { class: 'help', id: helpId, text: help.get(f.flag) || '' }),
                   el('p', { class: 'error', id: errId, 'aria-live': 'polite' }));
        fs.append(div);
        input.addEventListener(f.kind === 'text' ? 'input' : 'change', onFormChange);
      }
      root.append(fs);
    }
  }
  function defaultModelId() { return 'wan2.1-t2v-14b'; }

  function onFormChange() {
    const pairs = pairsFromForm();
    writeHash(pairs);
    run(pairs);
  }
  function onHashChange() {
    const pairs = readHash();
    formFromPairs(pairs);
    run(pairs);
  }

  // ---------------------------------------------------------------- formatting (display only)
  const SI = [['E', 1e18], ['P', 1e15], ['T', 1e12], ['G', 1e9], ['M', 1e6], ['k', 1e3]];
  function si(raw, unit) {
    const v = Number(raw);
    for (const [p, s] of SI) if (Math.abs(v) >= s) return (v / s).toFixed(2) + ' ' + p + unit;
    return String(v) + ' ' + unit;
  }
  function bytes(raw) { return si(raw, 'B'); }
  function seconds(raw) {
    const v = Number(raw);
    if (v >= 3600) return Math.floor(v / 3600) + ' h ' + Math.floor((v % 3600) / 60) + ' min';
    if (v >= 60) return Math.floor(v / 60) + ' min ' + (v % 60).toFixed(1) + ' s';
    if (v >= 1) return v.toFixed(2) + ' s';
    if (v >= 1e-3) return (v * 1e3).toFixed(2) + ' ms';
    return (v * 1e6).toFixed(2) + ' µs';
  }
  function grouped(raw) { return /^\d+$/.test(raw) ? raw.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : raw; }
  /** An element showing the value at `path` of the report. */
  function metric(path, format, tag) {
    const v = get(report, path);
    const raw = v === null ? 'null' : String(v);
    const text = v === null ? '–' : format ? format(raw) : grouped(raw);
    return el(tag || 'span', { 'data-metric': path, 'data-value': raw, title: path + ' = ' + raw, text });
  }
  function get(o, path) {
    const keys = path.split('.');
    if (o === report && keys[0] === 'modules' && keys.length > 2) o = { modules: { [keys[1]]: report.exactModule(Number(keys[1])) } };
    for (const k of keys) { if (o === null || o === undefined) return undefined; o = o[k]; }
    return o;
  }

  // ---------------------------------------------------------------- report.json, exactly
  // Numbers are kept as the text report.json writes (counts exceed 2^53, and the text is what the
  // CLI prints). JSON.parse with a reviver that keeps the source text is exact but slow on the
  // thousands of module rows (30 ms for 2.4 MB), so the rows are read twice: once plainly, for
  // ids, parents and order (strings are exact), and exactly, one row at a time, when a row is
  // shown or sorted. The rows are found by the writer's layout (io/json.hpp: 2-space indent, one
  // module object per "    {" ... "    }"); if that layout is not there, everything is read
  // exactly at once.
  const exact = (k, v, ctx) => (typeof v === 'number' ? ctx.source : v);
  function parseReport(bytes) {
    const text = new TextDecoder().decode(bytes);
    const open = '\n  "modules": [\n';
    const close = '\n  ],\n  "hotspots"';
    const a = text.indexOf(open);
    const z = a < 0 ? -1 : text.indexOf(close, a);
    if (a >= 0 && z >= 0) {
      const body = text.slice(a + open.length, z);
      const head = JSON.parse(text.slice(0, a + open.length - 1) + ']' + text.slice(z + 4), exact);
      const rows = JSON.parse('[' + body + ']');
      const spans = [];
      for (let at = 0; ;) {
        const sep = body.indexOf('\n    },\n    {\n', at);
        if (sep < 0) { spans.push([at, body.length]); break; }
        spans.push([at, sep + 6]);
        at = sep + 8;
      }
      if (spans.length === rows.length) {
        const cache = new Array(rows.length);
        head.modules = rows;
        head.exactModule = (i) => {
          if (!cache[i]) {
            const m = JSON.parse(body.slice(spans[i][0], spans[i][1]), exact);
            if (m.id !== rows[i].id) throw new Error('report.json: module ' + i + ' is not where the layout puts it');
            cache[i] = m;
          }
          return cache[i];
        };
        return head;
      }
    }
    const r = JSON.parse(text, exact);
    r.exactModule = (i) => r.modules[i];
    return r;
  }

  // ---------------------------------------------------------------- rendering
  function card(title, ...content) {
    return el('div', null, el('dt', { text: title }), el('dd', null, ...content));
  }
  function small(...c) { return el('span', { class: 'small' }, ...c); }

  function renderHeadline() {
    const r = report;
    const dl = $('headline');
    dl.replaceChildren();
    const timed = r.time_s !== undefined;
    if (timed) {
      dl.append(card('Time per run', metric('time_s', seconds),
        small(' (lower bound ', metric('time_lower_bound_s', seconds), ')')));
    }
    const fits = r.memory.fits;
    const peak = card('Peak memory per GPU', metric('memory.peak_bytes', bytes));
    if (r.memory.device_bytes !== null) {
      peak.querySelector('dd').append(small(' of ', metric('memory.device_bytes', bytes), ' · '),
        el('span', { class: fits ? 'fits-yes' : 'fits-no', 'data-metric': 'memory.fits', 'data-value': String(fits),
                     text: fits ? 'fits' : 'does not fit' }));
    }
    peak.querySelector('dd').append(small(' · peak in ', metric('memory.peak_stage', (s) => s)));
    dl.append(peak);
    dl.append(card('Tensor FLOPs per run', metric('totals.tensor_flops', (x) => si(x, 'FLOP')),
      small(' + vector ', metric('totals.vector_flops', (x) => si(x, 'FLOP')))));
    const ditStages = Object.keys(r.stages).filter((s) => s.startsWith('dit'));
    const fw = card('DiT forwards');
    ditStages.forEach((s, i) => {
      if (i) fw.querySelector('dd').append(small(' + '));
      fw.querySelector('dd').append(metric('stages.' + s + '.calls'), ditStages.length > 1 ? small(' ' + s.replace('dit_', '').replace('_', ' ')) : null);
    });
    dl.append(fw);
    dl.append(card('Video', metric('workload.width'), small(' × '), metric('workload.height'), small(' × '),
      metric('workload.frames'), small(' frames')));
    dl.append(card('Sampling', metric('workload.steps'), small(' steps · guidance '), metric('workload.guidance_scale'),
      small(' · shift '), metric('workload.shift')));
    dl.append(card('DiT tokens', metric('geometry.dit_seq_len'), small(' · batch '), metric('workload.batch')));
    if (timed && r.transfers) {
      dl.append(card('Offload transfers', metric('transfers.time_s', seconds),
        small(' · ', metric('transfers.h2d_bytes', bytes), ' to the device')));
    }
  }

  function renderStages() {
    const r = report;
    const timed = r.time_s !== undefined;
    const t = $('stages');
    t.replaceChildren();
    const by = timed ? 'time_s' : 'total.tensor_flops';
    t.append(el('caption', { class: 'hint', text: 'Bar: ' + (timed ? 'time on the device' : 'tensor FLOPs (choose a device for time)') }));
    t.append(el('thead', null, el('tr', null, el('th', { scope: 'col', text: 'stage' }), el('th', { scope: 'col', text: 'calls' }),
      el('th', { scope: 'col', text: 'tensor FLOPs' }), el('th', { scope: 'col', text: 'peak memory' }),
      timed ? el('th', { scope: 'col', text: 'time' }) : null, el('th', { scope: 'col', text: '', 'aria-hidden': 'true' }))));
    const names = Object.keys(r.stages);
    const max = Math.max(...names.map((s) => Number(get(r.stages[s], by)) || 0));
    const body = el('tbody');
    for (const s of names) {
      const p = 'stages.' + s;
      const frac = max > 0 ? Number(get(r.stages[s], by)) / max : 0;
      body.append(el('tr', null, el('th', { scope: 'row', text: s }), el('td', null, metric(p + '.calls')),
        el('td', null, metric(p + '.total.tensor_flops', (x) => si(x, 'FLOP'))),
        el('td', null, metric(p + '.memory.peak_bytes', bytes)),
        timed ? el('td', null, metric(p + '.time_s', seconds)) : null,
        el('td', { class: 'bar-cell', 'aria-hidden': 'true' }, el('div', { class: 'bar', style: 'width:' + (100 * frac).toFixed(2) + '%' }))));
    }
    t.append(body);
  }

  function renderHotspots() {
    const h = report.hotspots;
    const timed = report.time_s !== undefined;
    $('hotspots-hint').replaceChildren('The leaves and the categories of leaves that take the most ',
      el('span', { 'data-metric': 'hotspots.ranked_by', 'data-value': h.ranked_by, text: timed ? 'time' : 'tensor FLOPs' }),
      ' (report.json: hotspots).');
    const head = (...names) => el('thead', null, el('tr', null, ...names.map((n) => el('th', { scope: 'col', text: n }))));
    const lt = $('hot-leaves');
    const lb = el('tbody');
    h.leaves.forEach((m, i) => {
      const p = 'hotspots.leaves.' + i;
      lb.append(el('tr', null, el('th', { scope: 'row', class: 'id' }, metric(p + '.id', (x) => x)), el('td', null, metric(p + '.kind', (x) => x)),
        el('td', null, metric(p + '.total.tensor_flops', (x) => si(x, 'FLOP'))), timed ? el('td', null, metric(p + '.time_s', seconds)) : null));
    });
    lt.replaceChildren(el('caption', { text: 'Leaves' }), head('module', 'kind', 'tensor FLOPs', ...(timed ? ['time'] : [])), lb);
    const ct = $('hot-categories');
    const cb = el('tbody');
    h.categories.forEach((c, i) => {
      const p = 'hotspots.categories.' + i;
      cb.append(el('tr', null, el('th', { scope: 'row' }, metric(p + '.category', (x) => x)), el('td', null, metric(p + '.leaves')),
        el('td', null, metric(p + '.total.tensor_flops', (x) => si(x, 'FLOP'))), timed ? el('td', null, metric(p + '.time_s', seconds)) : null));
    });
    ct.replaceChildren(el('caption', { text: 'Categories' }), head('category', 'leaves', 'tensor FLOPs', ...(timed ? ['time'] : [])), cb);
  }

  function renderCharts(res) {
    const c = $('charts');
    c.replaceChildren();
    $('charts-none').hidden = !!res.roofline;
    for (const [svg, name] of [[res.roofline, 'Roofline of every module'], [res.stages, 'Time per stage']]) {
      if (!svg) continue;
      const fig = el('figure', { role: 'group', 'aria-label': name });
      fig.innerHTML = svg; // written by io/svg.hpp (text XML-escaped there)
      const s = fig.querySelector('svg');
      if (s) { s.setAttribute('role', 'img'); s.setAttribute('aria-label', name); }
      c.append(fig);
    }
  }

  // ---- the module tree
  const COLUMNS = [
    { key: 'id', label: 'module' },
    { key: 'kind', label: 'kind', cls: 'kind' },
    { key: 'calls', label: 'calls', num: true },
    { key: 'total.tensor_flops', label: 'tensor FLOPs', num: true, fmt: (x) => si(x, 'FLOP') },
    { key: 'total.bytes_read', label: 'bytes read', num: true, fmt: bytes },
    { key: 'total.bytes_written', label: 'bytes written', num: true, fmt: bytes },
    { key: 'total.parameters', label: 'parameters', num: true, fmt: (x) => si(x, '') },
    { key: 'time_s', label: 'time', num: true, fmt: seconds, timed: true },
    { key: 'bound', label: 'bound', timed: true },
    { key: 'share', label: 'share', num: true },
  ];
  function buildModuleState() {
    const mods = report.modules;
    const children = new Map();
    const roots = [];
    mods.forEach((m, i) => {
      if (m.parent === null) roots.push(i);
      else { if (!children.has(m.parent)) children.set(m.parent, []); children.get(m.parent).push(i); }
    });
    const expanded = new Set(roots.map((i) => mods[i].id));
    const prev = moduleState;
    const timed = report.time_s !== undefined;
    return { children, roots, expanded: prev ? prev.expanded : expanded, sort: prev ? prev.sort : null, timed };
  }
  function shareOf(m) {
    const s = moduleState;
    const whole = s.timed ? Number(report.time_s) : Number(report.totals.tensor_flops);
    const part = s.timed ? Number(m.time_s) : Number(m.total.tensor_flops);
    return whole > 0 ? part / whole : 0;
  }
  function sortValue(i, col) {
    const m = report.exactModule(i);
    if (col.key === 'share') return shareOf(m);
    const v = get(m, col.key);
    if (col.num) {
      if (v === null || v === undefined) return -Infinity;
      return /^\d+$/.test(v) ? BigInt(v) : Number(v); // counts: exact, beyond 2^53 too
    }
    return String(v);
  }
  function orderedChildren(list) {
    const s = moduleState;
    if (!s.sort) return list;
    const col = COLUMNS.find((c) => c.key === s.sort.key);
    const dir = s.sort.dir === 'ascending' ? 1 : -1;
    return list.slice().sort((a, b) => {
      const x = sortValue(a, col);
      const y = sortValue(b, col);
      return (x < y ? -1 : x > y ? 1 : a - b) * dir;
    });
  }
  function renderModules() {
    const s = moduleState;
    const mods = report.modules;
    const cols = COLUMNS.filter((c) => !c.timed || s.timed);
    const t = $('modules');
    const head = el('tr');
    for (const c of cols) {
      const sorted = s.sort && s.sort.key === c.key ? s.sort.dir : 'none';
      const b = el('button', { type: 'button', text: c.label + (sorted === 'ascending' ? ' ▲' : sorted === 'descending' ? ' ▼' : '') });
      b.addEventListener('click', () => {
        const dir = s.sort && s.sort.key === c.key && s.sort.dir === 'descending' ? 'ascending' : 'descending';
        s.sort = { key: c.key, dir };
        renderModules();
        t.querySelector('th[data-key="' + c.key + '"] button').focus();
      });
      head.append(el('th', { scope: 'col', class: c.cls, 'data-key': c.key, 'aria-sort': sorted }, b));
    }
    const body = el('tbody');
    const walk = (list, depth) => {
      for (const i of orderedChildren(list)) {
        const m = mods[i];
        const kids = s.children.get(m.id);
        const open = kids && s.expanded.has(m.id);
        const p = 'modules.' + i;
        const name = m.parent === null ? m.id : m.id.slice(m.parent.length + 1);
        const nameCell = el('td', { class: 'name', style: 'padding-left:' + (0.3 + depth * 1.1).toFixed(1) + 'rem' });
        if (kids) {
          const b = el('button', { type: 'button', class: 'toggle', 'aria-expanded': open ? 'true' : 'false',
                                   'aria-label': (open ? 'collapse ' : 'expand ') + m.id, text: open ? '▾' : '▸' });
          b.addEventListener('click', () => {
            if (s.expanded.has(m.id)) s.expanded.delete(m.id); else s.expanded.add(m.id);
            renderModules();
            $('modules').querySelector('button[data-id="' + CSS.escape(m.id) + '"]').focus();
          });
          b.dataset.id = m.id;
          nameCell.append(b);
        } else {
          nameCell.append(el('span', { class: 'leaf', 'aria-hidden': 'true' }));
        }
        nameCell.append(el('span', { 'data-metric': p + '.id', 'data-value': m.id, title: m.id, text: name }));
        const tr = el('tr', { 'aria-level': String(depth + 1) }, nameCell);
        for (const c of cols.slice(1)) {
          if (c.key === 'share') {
            tr.append(el('td', { 'data-derived': 'share', text: (100 * shareOf(m)).toFixed(2) + ' %' }));
          } else {
            tr.append(el('td', { class: c.cls }, metric(p + '.' + c.key, c.fmt)));
          }
        }
        body.append(tr);
        if (open) walk(kids, depth + 1);
      }
    };
    walk(s.roots, 0);
    t.replaceChildren(el('thead', null, head), body);
  }

  function renderDownloads(res) {
    while (urls.length) URL.revokeObjectURL(urls.pop());
    const d = $('downloads');
    d.replaceChildren();
    const link = (name, blob, id) => {
      const u = URL.createObjectURL(blob);
      urls.push(u);
      return el('a', { href: u, download: name, id, text: name });
    };
    d.append(link('report.json', new Blob([reportBytes], { type: 'application/json' }), 'dl-report'));
    const md = el('a', { href: '#', id: 'dl-summary', text: 'summary.md' });
    md.addEventListener('click', (ev) => {
      if (md.dataset.ready) return;
      ev.preventDefault();
      const u = URL.createObjectURL(new Blob([outBytes(6)], { type: 'text/markdown' }));
      urls.push(u);
      md.href = u;
      md.download = 'summary.md';
      md.dataset.ready = '1';
      md.click();
    });
    d.append(md);
    if (res.roofline) {
      d.append(link('roofline.svg', new Blob([res.roofline], { type: 'image/svg+xml' }), 'dl-roofline'));
      d.append(link('stage_times.svg', new Blob([res.stages], { type: 'image/svg+xml' }), 'dl-stages'));
    }
  }

  function showErrors(res) {
    for (const e of document.querySelectorAll('.field .error')) e.textContent = '';
    for (const i of document.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
    const banner = $('banner');
    banner.hidden = true;
    banner.textContent = '';
    if (!res || res.rc === 0) return;
    const flag = res.knob ? res.knob.replace(/_/g, '-') : '';
    const input = flag && $('f-' + flag);
    if (input && FIELD_BY_FLAG.has(flag)) {
      $('e-' + flag).textContent = res.message;
      input.setAttribute('aria-invalid', 'true');
    } else {
      banner.textContent = res.message;
      banner.hidden = false;
    }
    banner.dataset.exitCode = String(res.rc);
  }

  function commandLine(pairs) {
    const q = (s) => (/^[A-Za-z0-9._,:/=+-]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'");
    return ['wanmeter', 'analyze'].concat(pairs.map(([n, v]) => (v === '' && FIELD_BY_FLAG.get(n)?.kind === 'switch' ? '--' + n : '--' + n + ' ' + q(v)))).join(' ') + ' --stdout';
  }

  // ---------------------------------------------------------------- one computation
  function run(pairs) {
    const t0 = performance.now();
    const res = analyze(pairs);
    const t1 = performance.now();
    showErrors(res);
    const status = $('status');
    document.documentElement.dataset.state = res.rc === 0 ? 'ok' : 'error';
    document.documentElement.dataset.exitCode = String(res.rc);
    if (res.rc !== 0) {
      const f = FIELD_BY_FLAG.get(res.knob.replace(/_/g, '-'));
      status.textContent = 'No result: ' + (f ? 'the field "' + f.label + '" (--' + f.flag + ') says why.' : 'see the message below.');
      $('output').hidden = true;
      report = null;
      finish(t0, t1, t1, 'error');
      return;
    }
    reportBytes = res.bytes;
    report = parseReport(res.bytes);
    const t2 = performance.now();
    if (moduleState && moduleState.model !== report.model.id) moduleState = null;
    moduleState = buildModuleState();
    moduleState.model = report.model.id;
    $('command').textContent = commandLine(pairs);
    renderHeadline();
    renderStages();
    renderCharts(res);
    renderModules();
    renderHotspots();
    renderDownloads(res);
    for (const g of GROUPS) for (const f of g.fields) {
      if (f.from) $('f-' + f.flag).placeholder = String(get(report, f.from));
    }
    $('output').hidden = false;
    status.textContent = 'Run ' + res.runId + ': ' + report.model.id + (report.device ? ' on ' + report.device.id : '') + '.';
    finish(t0, t1, t2, 'ok');
  }
  function finish(t0, t1, t2, kind) {
    const t3 = performance.now();
    const m = { wasm_ms: t1 - t0, parse_ms: t2 - t1, render_ms: t3 - t2, total_ms: t3 - t0, kind };
    if (perf.firstResultMs === null) {
      perf.firstResultMs = t3; // since navigation start
      document.documentElement.dataset.firstResultMs = t3.toFixed(1);
    } else {
      perf.recomputes.push(m);
    }
    perf.last = m;
    document.documentElement.dataset.lastComputeMs = m.total_ms.toFixed(1);
    $('perf').textContent = 'First result ' + perf.firstResultMs.toFixed(0) + ' ms after load; last computation ' +
      m.total_ms.toFixed(1) + ' ms (model ' + m.wasm_ms.toFixed(1) + ', reading the report ' + m.parse_ms.toFixed(1) +
      ', page ' + m.render_ms.toFixed(1) + ').';
  }
  window.wanmeterPage = {
    perf,
    run: (pairs) => { formFromPairs(pairs); writeHash(pairs); run(pairs); },
    summaryMarkdown: () => new TextDecoder().decode(outBytes(6)),
  };

  // ---------------------------------------------------------------- start
  function start() {
    createWanmeter().then((m) => {
      wasm = m;
      const p = wasm._wm_catalog();
      catalog = JSON.parse(wasm.UTF8ToString(p));
      $('version').textContent = catalog.version;
      buildForm();
      $('expand-all').addEventListener('click', () => {
        for (const m of report.modules) if (moduleState.children.has(m.id)) moduleState.expanded.add(m.id);
        renderModules();
      });
      $('collapse-all').addEventListener('click', () => { moduleState.expanded.clear(); renderModules(); });
      window.addEventListener('hashchange', onHashChange);
      onHashChange();
    }).catch((e) => {
      $('status').textContent = 'The WebAssembly model could not be loaded: ' + e;
      document.documentElement.dataset.state = 'load-error';
    });
  }
  start();
})();
