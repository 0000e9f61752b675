// wanmeter web calculator: the forms <-> URL hash (the flags of `wanmeter analyze`, or after a
// leading `plan&` those of `wanmeter plan`), the calls into the WebAssembly build
// (web/wasm/entry.cpp: parse_analyze, analyze, to_json_text, the SVG writers; parse_plan,
// plan_search, to_plan_json_text, svg_pareto), and the display of report.json and plan.json. No
// cost formula lives here: every figure shown is a value of report.json (or plan.json), carried
// exactly in data-metric (its key path, array indices as numbers: "modules.12.time_s",
// "candidates.3.peak_bytes") and data-value (the number's text as the JSON writes it); the text a
// reader sees is that value scaled to a unit. The only derived figures are the shares of the
// module table and the bar lengths (a value divided by the run's total, for display).
'use strict';

(function () {
  // ---------------------------------------------------------------- form fields (CLI flags)
  // kind: text (a flag with a value), select (a flag with a fixed set of values; "" = not given),
  // switch (a flag without a value). Labels and help: the CLI's flag table (catalog.flags).
  // The model and workload fields of both forms; `at` is where the report (`workload`) or the
  // plan (`question.workload`) holds the value a field shows when it is not given.
  const workloadGroup = (at, shiftShown) => ({ legend: 'Model and workload', fields: [
    { flag: 'model', label: 'Model', kind: 'select', options: 'models' },
    { flag: 'profile', label: 'Profile', kind: 'select', options: 'profiles', none: "the model's own defaults" },
    { flag: 'frames', label: 'Frames', kind: 'text', mode: 'numeric', from: at + '.frames' },
    { flag: 'height', label: 'Height (px)', kind: 'text', mode: 'numeric', from: at + '.height' },
    { flag: 'width', label: 'Width (px)', kind: 'text', mode: 'numeric', from: at + '.width' },
    { flag: 'steps', label: 'Steps', kind: 'text', mode: 'numeric', from: at + '.steps' },
    { flag: 'batch', label: 'Batch', kind: 'text', mode: 'numeric', from: at + '.batch' },
    { flag: 'guidance-scale', label: 'Guidance scale', kind: 'text', mode: 'decimal', from: at + '.guidance_scale' },
    shiftShown ? { flag: 'shift', label: 'Sample shift', kind: 'text', mode: 'decimal', from: at + '.shift' }
               : { flag: 'shift', label: 'Sample shift', kind: 'text', mode: 'decimal', placeholder: "the model's" },
    { flag: 'image-size', label: 'Input image size (WxH)', kind: 'text', mode: 'text', placeholder: 'e.g. 1280x720' },
    { flag: 'image-input', label: 'Image input (TI2V-5B image-to-video)', kind: 'switch' },
  ] });
  const GROUPS = [
    workloadGroup('workload', true),
    { legend: 'Device', fields: [
      { flag: 'device', label: 'Device', kind: 'select', options: 'devices', none: 'none (no time, no fit)' },
    ] },
    { legend: 'GPUs', fields: [
      { flag: 'ulysses-size', label: 'Ulysses degree (GPUs, divides the heads)', kind: 'text', mode: 'numeric', placeholder: '1' },
      { flag: 'ring-size', label: 'Ring degree (GPUs; Wan2.1, or fused)', kind: 'text', mode: 'numeric', placeholder: '1' },
      { flag: 'cfg-parallel', label: 'CFG parallel (two groups; fused only)', kind: 'switch' },
      { flag: 'dit-fsdp', label: 'Shard the DiT (FSDP)', kind: 'switch' },
      { flag: 't5-fsdp', label: 'Shard the text encoder (FSDP)', kind: 'switch' },
      { flag: 'parallel-vae', label: 'Patch-parallel VAE decode (fused only)', kind: 'switch' },
      { flag: 'interconnect', label: 'Interconnect', kind: 'select', options: 'interconnects', none: "the device's own" },
      { flag: 'network', label: 'Network between nodes (above 8 GPUs)', kind: 'select', options: 'networks', none: "the device's default" },
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
  // The question of `wanmeter plan` (src/cli/plan.hpp: plan_flags). The workload placeholders come
  // from plan.json's question.
  const PLAN_GROUPS = [
    workloadGroup('question.workload', false),
    { legend: 'GPUs', fields: [
      { flag: 'device', label: 'Devices (one or more)', kind: 'multi', options: 'devices' },
      { flag: 'gpus', label: 'GPU counts (comma-separated)', kind: 'text', mode: 'text', placeholder: '1,2,4,8' },
      { flag: 'interconnect', label: 'Interconnect', kind: 'select', options: 'interconnects', none: "each device's own" },
      { flag: 'network', label: 'Network between nodes (above 8 GPUs)', kind: 'select', options: 'networks', none: "each device's default" },
    ] },
    { legend: 'Limits and price', fields: [
      { flag: 'vram-gb', label: 'Memory per GPU you can use (GB)', kind: 'text', mode: 'decimal', placeholder: "the device's" },
      { flag: 'host-ram-gb', label: 'Host RAM you can use (GB)', kind: 'text', mode: 'decimal', placeholder: 'no limit' },
      { flag: 'price-per-gpu-hour', label: 'Price of one GPU for one hour', kind: 'text', mode: 'decimal', placeholder: 'none' },
    ] },
    { legend: 'What you accept', fields: [
      { flag: 'allow-lossy', label: 'Also lossy options (fp8, int8, GGUF, SageAttention2, TF32)', kind: 'switch' },
      { flag: 'attention-density', label: 'Attention density (block-sparse, 0 < F <= 1)', kind: 'text', mode: 'decimal', placeholder: '1' },
      { flag: 'cache-skip', label: 'Cache skip (TeaCache/MagCache, 0 <= F < 1)', kind: 'text', mode: 'decimal', placeholder: '0' },
      { flag: 'distilled', label: 'Few-step distilled (4 steps, no CFG)', kind: 'switch' },
      { flag: 'host-memory', label: 'Host memory', kind: 'select', options: ['pageable', 'pinned'], none: 'default (pageable)' },
    ] },
  ];
  /** A form: its fields, the prefix of its element ids, the catalog key of its flag table. */
  function makeForm(mode, groups, prefix, flagsKey) {
    const byFlag = new Map();
    for (const g of groups) for (const f of g.fields) byFlag.set(f.flag, f);
    return { mode, groups, byFlag, flagsKey, extra: [], multi: new Map(),
             id: (flag) => prefix + 'f-' + flag, helpId: (flag) => prefix + 'h-' + flag, errId: (flag) => prefix + 'e-' + flag,
             root: prefix ? 'plan-fields' : 'fields' };
  }
  const ANALYZE = makeForm('analyze', GROUPS, '', 'flags');
  const PLAN = makeForm('plan', PLAN_GROUPS, 'p', 'plan_flags');
  const FORMS = { analyze: ANALYZE, plan: PLAN };
  let mode = 'analyze';
  const lastPairs = { analyze: [], plan: [['device', 'h100-sxm']] }; // the last state of each mode

  let wasm = null;      // the Emscripten module
  let catalog = null;   // models, profiles, devices, flags (wm_catalog)
  let report = null;    // the last report, numbers as their exact text
  let plan = null;      // the last plan.json, numbers as their exact text
  let reportBytes = null;
  let moduleState = null;
  const urls = [];
  const planUrls = [];
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
  /** Calls `fn` (wm_analyze or wm_plan) with `pairs` ([[flag, text], ...]); returns its exit code. */
  function call(fn, pairs) {
    const enc = new TextEncoder();
    const parts = [];
    for (const [n, v] of pairs) { parts.push(enc.encode(n), new Uint8Array([0]), enc.encode(v), new Uint8Array([0])); }
    const len = parts.reduce((s, p) => s + p.length, 0);
    const ptr = wasm._malloc(len + 1);
    let at = ptr;
    for (const p of parts) { wasm.HEAPU8.set(p, at); at += p.length; }
    const rc = fn(ptr, len);
    wasm._free(ptr);
    return rc;
  }
  /** The analysis of `pairs`: {rc, message, knob} or {rc: 0, bytes, ...}. */
  function analyze(pairs) {
    const rc = call(wasm._wm_analyze, pairs);
    if (rc !== 0) return { rc, message: outText(3), knob: outText(4) };
    return { rc, bytes: outBytes(0), roofline: outText(1), stages: outText(2), runId: outText(5) };
  }
  /** The plan of `pairs`: {rc, message, knob} or {rc: 0, bytes (plan.json), pareto (SVG), runId}. */
  function planOf(pairs) {
    const rc = call(wasm._wm_plan, pairs);
    if (rc !== 0) return { rc, message: outText(3), knob: outText(4) };
    return { rc, bytes: outBytes(7), pareto: outText(9), runId: outText(5) };
  }

  // ---------------------------------------------------------------- URL hash <-> pairs
  /** The mode and the flags of the hash: `#plan&...` is a plan question, anything else an analysis. */
  function readHash() {
    const h = location.hash.replace(/^#/, '');
    const pairs = [];
    if (h) {
      for (const part of h.split('&')) {
        if (part === '') continue;
        const eq = part.indexOf('=');
        const dec = (s) => { try { return decodeURIComponent(s); } catch (e) { return s; } };
        pairs.push(eq < 0 ? [dec(part), ''] : [dec(part.slice(0, eq)), dec(part.slice(eq + 1))]);
      }
    }
    if (pairs.length && pairs[0][0] === 'plan' && pairs[0][1] === '' && !h.startsWith('plan=')) return { mode: 'plan', pairs: pairs.slice(1) };
    return { mode: 'analyze', pairs };
  }
  /** The hash (without '#') of `pairs` in mode `m`; a switch of the form is its bare name. */
  function hashOf(m, pairs) {
    const enc = (s) => encodeURIComponent(s).replace(/%2F/g, '/').replace(/%2C/g, ',');
    const F = FORMS[m];
    const h = pairs.map(([n, v]) => (v === '' && F.byFlag.get(n)?.kind === 'switch') ? enc(n) : enc(n) + '=' + enc(v)).join('&');
    return m === 'plan' ? 'plan' + (h ? '&' + h : '') : h;
  }
  function writeHash(m, pairs) {
    const h = hashOf(m, pairs);
    const url = location.pathname + location.search + (h ? '#' + h : '');
    if (url !== location.pathname + location.search + location.hash) history.replaceState(null, '', url);
  }
  function pairsFromForm(F) {
    const pairs = [];
    for (const g of F.groups) for (const f of g.fields) {
      const input = $(F.id(f.flag));
      if (f.kind === 'switch') { if (input.checked) pairs.push([f.flag, '']); }
      else if (f.kind === 'multi') { const list = F.multi.get(f.flag) || []; if (list.length) pairs.push([f.flag, list.join(',')]); }
      else if (input.value !== '') pairs.push([f.flag, input.value]);
    }
    return pairs.concat(F.extra);
  }
  function formFromPairs(F, pairs) {
    F.extra = [];   // hash pairs that are not form fields (passed on; the CLI judges them)
    const seen = new Set();
    for (const g of F.groups) for (const f of g.fields) {
      const input = $(F.id(f.flag));
      if (f.kind === 'switch') input.checked = false;
      else if (f.kind === 'multi') { F.multi.set(f.flag, []); for (const c of input.querySelectorAll('input')) c.checked = false; }
      else input.value = '';
    }
    for (const [n, v] of pairs) {
      const f = F.byFlag.get(n);
      if (!f || seen.has(n)) { F.extra.push([n, v]); continue; }
      seen.add(n);
      const input = $(F.id(n));
      if (f.kind === 'switch') {
        if (v === '') input.checked = true; else F.extra.push([n, v]); // a value given to a switch: the CLI's error
      } else if (f.kind === 'multi') {
        // Ids of the list, each once, in the order given; anything else goes to the CLI as it is.
        const parts = v.split(',');
        const boxes = parts.map((id) => input.querySelector('input[value="' + CSS.escape(id) + '"]'));
        if (boxes.some((b) => !b) || new Set(parts).size !== parts.length) { F.extra.push([n, v]); continue; }
        F.multi.set(n, parts);
        for (const b of boxes) b.checked = true;
      } else if (f.kind === 'select' && ![...input.options].some((o) => o.value === v)) {
        F.extra.push([n, v]); // not one of the choices: the CLI names the rule
      } else {
        input.value = v;
      }
    }
  }

  // ---------------------------------------------------------------- the forms
  function buildForm(F) {
    const help = new Map(catalog[F.flagsKey].map((f) => [f.name, f.help]));
    const root = $(F.root);
    for (const g of F.groups) {
      const fs = el('fieldset', null, el('legend', { text: g.legend }));
      for (const f of g.fields) {
        const id = F.id(f.flag);
        const helpId = F.helpId(f.flag);
        const errId = F.errId(f.flag);
        const flagCode = el('code', { class: 'flag', text: ' --' + f.flag });
        let input;
        let label;
        if (f.kind === 'select') {
          input = el('select', { id, name: f.flag, 'aria-describedby': helpId + ' ' + errId });
          input.append(el('option', { value: '', text: f.none || ('default (' + defaultModelId() + ')') }));
          const list = typeof f.options === 'string' ? catalog[f.options] : f.options.map((o) => ({ id: o }));
          for (const o of list) {
            input.append(el('option', { value: o.id, text: o.id + (o.description ? ': ' + o.description : o.name ? ': ' + o.name : '') }));
          }
        } else if (f.kind === 'multi') {
          // One checkbox per choice; the flag's value is the ids checked, in the order checked.
          input = el('div', { id, class: 'choices', role: 'group', 'aria-labelledby': id + '-label', 'aria-describedby': helpId + ' ' + errId });
          for (const o of catalog[f.options]) {
            const cid = id + '-' + o.id;
            const box = el('input', { id: cid, type: 'checkbox', name: f.flag, value: o.id });
            box.addEventListener('change', () => {
              const list = (F.multi.get(f.flag) || []).filter((x) => x !== o.id);
              if (box.checked) list.push(o.id);
              F.multi.set(f.flag, list);
              onFormChange(F);
            });
            input.append(el('div', null, box, ' ', el('label', { for: cid, text: o.id + (o.name ? ': ' + o.name : '') })));
          }
          label = el('span', { id: id + '-label', class: 'label', text: f.label }, flagCode);
        } else if (f.kind === 'switch') {
          input = el('input', { id, name: f.flag, type: 'checkbox', 'aria-describedby': helpId + ' ' + errId });
        } else {
          input = el('input', { id, name: f.flag, type: 'text', inputmode: f.mode, autocomplete: 'off', spellcheck: 'false',
                                placeholder: f.placeholder, 'aria-describedby': helpId + ' ' + errId });
        }
        label = label || el('label', { for: id, text: f.label }, flagCode);
        const div = el('div', { class: 'field' + (f.kind === 'switch' ? ' switch' : '') });
        if (f.kind === 'switch') div.append(input, ' ', label); else div.append(label, input);
        div.append(el('span', { class: 'help', id: helpId, text: help.get(f.flag) || '' }),
                   el('p', { class: 'error', id: errId, 'aria-live': 'polite' }));
        fs.append(div);
        if (f.kind !== 'multi') input.addEventListener(f.kind === 'text' ? 'input' : 'change', () => onFormChange(F));
      }
      root.append(fs);
    }
  }
  function defaultModelId() { return 'wan2.1-t2v-14b'; }

  function onFormChange(F) {
    const pairs = pairsFromForm(F);
    writeHash(F.mode, pairs);
    compute(F.mode, pairs);
  }
  function onHashChange() {
    const { mode: m, pairs } = readHash();
    setMode(m);
    formFromPairs(FORMS[m], pairs);
    compute(m, pairs);
  }
  function compute(m, pairs) {
    lastPairs[m] = pairs;
    if (m === 'plan') runPlan(pairs); else run(pairs);
    updateModeLinks();
  }

  // ---------------------------------------------------------------- the two modes
  function setMode(m) {
    mode = m;
    const isPlan = m === 'plan';
    $('inputs').hidden = isPlan;
    $('results').hidden = isPlan;
    $('plan-inputs').hidden = !isPlan;
    $('plan-results').hidden = !isPlan;
    for (const [id, on] of [['mode-analyze', !isPlan], ['mode-plan', isPlan]]) {
      if (on) $(id).setAttribute('aria-current', 'page'); else $(id).removeAttribute('aria-current');
    }
  }
  /** The flags the two commands share (the workload), carried from one mode to the other. */
  function sharedFlags() {
    const a = new Set(catalog.flags.map((f) => f.name));
    return new Set(catalog.plan_flags.map((f) => f.name).filter((n) => a.has(n) && !['device', 'help', 'run-id', 'output-root', 'stdout', 'config'].includes(n)));
  }
  /** The links of the mode switch: the other mode with this one's workload (and device). */
  function updateModeLinks() {
    const shared = sharedFlags();
    const keep = (pairs) => pairs.filter(([n]) => shared.has(n));
    const device = (pairs) => (pairs.find(([n]) => n === 'device') || [])[1];
    if (mode === 'analyze') {
      const a = lastPairs.analyze;
      const rest = lastPairs.plan.filter(([n]) => !shared.has(n) && n !== 'device');
      // The plan's devices when they include the analysis's; else the analysis's device.
      const planDevices = device(lastPairs.plan);
      const d = !device(a) || (planDevices || '').split(',').includes(device(a)) ? planDevices || 'h100-sxm' : device(a);
      $('mode-plan').href = '#' + hashOf('plan', keep(a).concat([['device', d]], rest));
      $('mode-analyze').href = '#' + hashOf('analyze', a);
    } else {
      const p = lastPairs.plan;
      const d = (device(p) || '').split(',')[0];
      const rest = lastPairs.analyze.filter(([n]) => !shared.has(n) && n !== 'device');
      $('mode-analyze').href = '#' + hashOf('analyze', keep(p).concat(d ? [['device', d]] : [], rest));
      $('mode-plan').href = '#' + hashOf('plan', p);
    }
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
      fw.querySelector('dd').append(metric('stages.' + s + '.calls'), ditStages.length > 1 ? small(' ' + (s === 'dit' ? 'computed' : s.replace('dit_', '').replace(/_/g, ' '))) : null);
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

  // ---------------------------------------------------------------- plan.json, exactly
  // As report.json: numbers kept as their text. plan.json holds every permitted candidate, one per
  // line (io/plan_json.hpp), up to a few thousand (2 MB); only the rows shown are read exactly:
  // the head (question, counts, best, advice) at once, a candidate when it is shown.
  function parsePlan(bytes) {
    const text = new TextDecoder().decode(bytes);
    const open = '\n  "candidates": [\n';
    const close = '\n  ]\n}\n';
    const a = text.indexOf(open);
    if (a >= 0 && text.endsWith(close)) {
      const head = JSON.parse(text.slice(0, a) + '\n  "candidates": []\n}\n', exact);
      const lines = text.slice(a + open.length, text.length - close.length).split('\n');
      if (lines.length === Number(head.counts.candidates)) {
        const cache = new Array(lines.length);
        head.candidateCount = lines.length;
        head.onFront = (i) => lines[i].includes('"pareto": true');
        head.exactCandidate = (i) => {
          if (!cache[i]) cache[i] = JSON.parse(lines[i].trim().replace(/,$/, ''), exact);
          return cache[i];
        };
        return head;
      }
    }
    const r = JSON.parse(text, exact);
    r.candidateCount = r.candidates.length;
    r.onFront = (i) => r.candidates[i].pareto === true;
    r.exactCandidate = (i) => r.candidates[i];
    return r;
  }
  function planGet(path) {
    const keys = path.split('.');
    let o = plan;
    if (keys[0] === 'candidates') { o = plan.exactCandidate(Number(keys[1])); keys.splice(0, 2); }
    for (const k of keys) { if (o === null || o === undefined) return undefined; o = o[k]; }
    return o;
  }
  /** An element showing the value at `path` of plan.json. */
  function pmetric(path, format) {
    const v = planGet(path);
    const raw = v === null ? 'null' : String(v);
    const text = v === null ? '–' : format ? format(raw) : grouped(raw);
    return el('span', { 'data-metric': path, 'data-value': raw, title: path + ' = ' + raw, text });
  }
  const ident = (x) => x;
  const money = (x) => Number(x).toFixed(2);
  /** The hash of the analyze view for `args` (a candidate's `wanmeter analyze` arguments). */
  function analyzeLink(args, text, label) {
    const takesValue = new Map(catalog.flags.map((f) => [f.name, f.value_name !== '']));
    const pairs = [];
    for (let i = 0; i < args.length; i++) {
      const n = args[i].replace(/^--/, '');
      if (takesValue.get(n) && i + 1 < args.length) pairs.push([n, args[++i]]); else pairs.push([n, '']);
    }
    return el('a', { href: '#' + hashOf('analyze', pairs), class: 'analyze-link', 'aria-label': label, text });
  }
  /** `wanmeter analyze <args>` as code, each flag with its value kept on one line. */
  function argsCode(args) {
    const q = (s) => (/^[A-Za-z0-9._,:/=+-]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'");
    const code = el('code', { class: 'args' }, el('span', { class: 'arg', text: 'wanmeter analyze' }));
    for (let i = 0; i < args.length; i++) {
      const words = [args[i]];
      if (i + 1 < args.length && !args[i + 1].startsWith('--')) words.push(args[++i]);
      code.append(' ', el('span', { class: 'arg', text: words.map(q).join(' ') }));
    }
    return code;
  }
  /** "12.3 s on 2 x h100-sxm" for candidate path `p` (best, advice.changes.0.candidate, candidates.4). */
  function planSummary(p) {
    return [pmetric(p + '.time_s', seconds), ' on ', pmetric(p + '.gpus'), ' × ', pmetric(p + '.device', ident)];
  }
  const CHANGE_TEXT = { more_gpus: 'more GPUs', lossy: 'a lossy option', fewer_frames: 'fewer frames', lower_resolution: 'a lower resolution' };

  function renderPlanBest() {
    const d = plan;
    const dl = $('plan-headline');
    dl.replaceChildren();
    const args = $('plan-best-args');
    args.replaceChildren();
    const none = $('plan-none');
    none.replaceChildren();
    none.hidden = d.best !== null;
    if (d.best !== null) {
      dl.append(card('Time per video', pmetric('best.time_s', seconds),
        small(' (lower bound ', pmetric('best.time_lower_bound_s', seconds), ')')));
      dl.append(card('GPUs', pmetric('best.gpus'), small(' × ', pmetric('best.device', ident))));
      dl.append(card('Peak memory per GPU', pmetric('best.peak_bytes', bytes),
        small(' of ', pmetric('best.vram_limit_bytes', bytes), ' · peak in ', pmetric('best.peak_stage', ident))));
      dl.append(card('Host RAM', pmetric('best.host_bytes', bytes)));
      if (d.question.price_per_gpu_hour !== null) {
        dl.append(card('Cost per video', pmetric('best.cost_per_video', money),
          small(' at ', pmetric('question.price_per_gpu_hour', ident), ' per GPU hour')));
      }
      args.append(argsCode(d.best.args), ' ',
        analyzeLink(d.best.args, 'open in the analyze view', 'Open the fastest plan in the analyze view'));
      if (d.best.official !== null) args.append(el('br'), small('Official code: '), el('code', { text: d.best.official }));
      return;
    }
    none.append(el('strong', { text: 'Nothing fits. ' }));
    const changes = d.advice ? d.advice.changes : [];
    if (!changes.length) {
      none.append('No change searched would fit (plan.md lists what was tried).');
      return;
    }
    none.append('The smallest change that would: ',
      el('span', { 'data-metric': 'advice.recommended', 'data-value': d.advice.recommended, text: CHANGE_TEXT[d.advice.recommended] || d.advice.recommended }), '.');
    const ul = el('ul');
    changes.forEach((c, i) => {
      const p = 'advice.changes.' + i;
      ul.append(el('li', null,
        el('span', { 'data-metric': p + '.kind', 'data-value': c.kind, text: CHANGE_TEXT[c.kind] || c.kind }), ': ',
        pmetric(p + '.workload.width'), '×', pmetric(p + '.workload.height'), ', ', pmetric(p + '.workload.frames'), ' frames: ',
        ...planSummary(p + '.candidate'), ', ', pmetric(p + '.candidate.peak_bytes', bytes), ' per GPU · ',
        analyzeLink(c.candidate.args, 'analyze', 'Open the change "' + (CHANGE_TEXT[c.kind] || c.kind) + '" in the analyze view')));
    });
    none.append(ul);
  }

  function renderPlanFront() {
    const d = plan;
    const priced = d.question.price_per_gpu_hour !== null;
    const t = $('plan-front');
    const head = ['time', 'GPUs', 'device', 'peak memory per GPU', 'host RAM'].concat(priced ? ['cost per video'] : [], ['lossy', 'arguments of wanmeter analyze']);
    const body = el('tbody');
    let rows = 0;
    for (let i = 0; i < d.candidateCount; i++) {
      if (!d.onFront(i)) continue;
      const c = d.exactCandidate(i);
      const p = 'candidates.' + i;
      rows++;
      body.append(el('tr', null,
        el('td', null, pmetric(p + '.time_s', seconds)), el('td', null, pmetric(p + '.gpus')),
        el('td', null, pmetric(p + '.device', ident)), el('td', null, pmetric(p + '.peak_bytes', bytes)),
        el('td', null, pmetric(p + '.host_bytes', bytes)),
        priced ? el('td', null, pmetric(p + '.cost_per_video', money)) : null,
        el('td', null, pmetric(p + '.lossy', (x) => (x === 'true' ? 'lossy' : 'no'))),
        el('td', { class: 'args' }, argsCode(c.args), ' ',
          analyzeLink(c.args, 'analyze', 'Open the plan of row ' + rows + ' in the analyze view'))));
    }
    t.replaceChildren(el('caption', { class: 'hint', text: rows + ' plans on the front' }),
      el('thead', null, el('tr', null, ...head.map((h) => el('th', { scope: 'col', text: h })))), body);
  }

  function renderPlanCounts() {
    const c = (k) => pmetric('counts.' + k);
    $('plan-counts').replaceChildren(c('candidates'), ' candidates evaluated, ', c('fits'), ' fit, ', c('pareto'),
      ' on the Pareto front (from ', c('plans_made'), ' run plans). Not shown: ', c('dropped.illegal'), ' illegal, ',
      c('dropped.lossy_not_allowed'), ' lossy (not allowed), ', c('dropped.over_vram'), ' over the memory per GPU, ',
      c('dropped.over_host_ram'), ' over the host RAM, ', c('dropped.dominated'), ' fitting but dominated.');
    const ul = $('plan-assumptions');
    ul.replaceChildren();
    for (const k of Object.keys(plan.assumptions)) ul.append(el('li', null, el('strong', { text: k.replace(/_/g, ' ') + ': ' }), pmetric('assumptions.' + k, ident)));
  }

  function renderPlanChart(res) {
    const fig = el('figure', { role: 'group', 'aria-label': 'Pareto front' });
    fig.innerHTML = res.pareto; // written by io/plan_svg.hpp (text XML-escaped there)
    const svg = fig.querySelector('svg');
    if (svg) { svg.setAttribute('role', 'img'); svg.setAttribute('aria-label', 'time against memory held, the Pareto front'); }
    $('plan-chart').replaceChildren(fig);
  }

  function renderPlanDownloads(res) {
    while (planUrls.length) URL.revokeObjectURL(planUrls.pop());
    const d = $('plan-downloads');
    const link = (name, blob, id) => {
      const u = URL.createObjectURL(blob);
      planUrls.push(u);
      return el('a', { href: u, download: name, id, text: name });
    };
    const md = el('a', { href: '#', id: 'dl-plan-md', text: 'plan.md' });
    md.addEventListener('click', (ev) => {
      if (md.dataset.ready) return;
      ev.preventDefault();
      const u = URL.createObjectURL(new Blob([outBytes(8)], { type: 'text/markdown' }));
      planUrls.push(u);
      md.href = u;
      md.download = 'plan.md';
      md.dataset.ready = '1';
      md.click();
    });
    d.replaceChildren(link('plan.json', new Blob([res.bytes], { type: 'application/json' }), 'dl-plan-json'), md,
      link('pareto.svg', new Blob([res.pareto], { type: 'image/svg+xml' }), 'dl-pareto'));
  }

  function runPlan(pairs) {
    const t0 = performance.now();
    const res = planOf(pairs);
    const t1 = performance.now();
    showErrors(PLAN, res);
    const status = $('plan-status');
    document.documentElement.dataset.state = res.rc === 0 ? 'ok' : 'error';
    document.documentElement.dataset.exitCode = String(res.rc);
    if (res.rc !== 0) {
      showFailure(PLAN, res, status);
      $('plan-output').hidden = true;
      plan = null;
      finish(t0, t1, t1, 'error');
      return;
    }
    plan = parsePlan(res.bytes);
    const t2 = performance.now();
    $('plan-command').textContent = commandLine(PLAN, pairs);
    renderPlanBest();
    renderPlanFront();
    renderPlanChart(res);
    renderPlanCounts();
    renderPlanDownloads(res);
    for (const g of PLAN.groups) for (const f of g.fields) {
      if (f.from) $(PLAN.id(f.flag)).placeholder = String(planGet(f.from));
    }
    $('plan-output').hidden = false;
    status.textContent = 'Plan ' + res.runId + ': ' + plan.question.model + ' on ' + plan.question.devices.join(', ') +
      ' (GPU counts ' + plan.question.gpus.join(', ') + ').';
    finish(t0, t1, t2, 'ok');
  }

  function showErrors(F, res) {
    const banner = $(F.mode === 'plan' ? 'plan-banner' : 'banner');
    for (const e of $(F.root).querySelectorAll('.field .error')) e.textContent = '';
    for (const i of $(F.root).querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
    banner.hidden = true;
    banner.textContent = '';
    if (!res || res.rc === 0) return;
    const flag = res.knob ? res.knob.replace(/_/g, '-') : '';
    const input = flag && $(F.id(flag));
    if (input && F.byFlag.has(flag)) {
      $(F.errId(flag)).textContent = res.message;
      input.setAttribute('aria-invalid', 'true');
    } else {
      banner.textContent = res.message;
      banner.hidden = false;
    }
    banner.dataset.exitCode = String(res.rc);
  }

  function commandLine(F, pairs) {
    const q = (s) => (/^[A-Za-z0-9._,:/=+-]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'");
    return ['wanmeter', F.mode].concat(pairs.map(([n, v]) => (v === '' && F.byFlag.get(n)?.kind === 'switch' ? '--' + n : '--' + n + ' ' + q(v)))).join(' ') + ' --stdout';
  }
  /** The result of a failed call: the field or the banner says why. */
  function showFailure(F, res, status) {
    const f = F.byFlag.get(res.knob.replace(/_/g, '-'));
    status.textContent = 'No result: ' + (f ? 'the field "' + f.label + '" (--' + f.flag + ') says why.' : 'see the message below.');
  }

  // ---------------------------------------------------------------- one computation
  function run(pairs) {
    const t0 = performance.now();
    const res = analyze(pairs);
    const t1 = performance.now();
    showErrors(ANALYZE, res);
    const status = $('status');
    document.documentElement.dataset.state = res.rc === 0 ? 'ok' : 'error';
    document.documentElement.dataset.exitCode = String(res.rc);
    if (res.rc !== 0) {
      showFailure(ANALYZE, res, status);
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
    $('command').textContent = commandLine(ANALYZE, pairs);
    renderHeadline();
    renderStages();
    renderCharts(res);
    renderModules();
    renderHotspots();
    renderDownloads(res);
    for (const g of GROUPS) for (const f of g.fields) {
      if (f.from) $(ANALYZE.id(f.flag)).placeholder = String(get(report, f.from));
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
    run: (pairs, m = 'analyze') => { setMode(m); formFromPairs(FORMS[m], pairs); writeHash(m, pairs); compute(m, pairs); },
    summaryMarkdown: () => new TextDecoder().decode(outBytes(6)),
    planMarkdown: () => new TextDecoder().decode(outBytes(8)),
  };

  // ---------------------------------------------------------------- start
  function start() {
    createWanmeter().then((m) => {
      wasm = m;
      const p = wasm._wm_catalog();
      catalog = JSON.parse(wasm.UTF8ToString(p));
      $('version').textContent = catalog.version;
      buildForm(ANALYZE);
      buildForm(PLAN);
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
