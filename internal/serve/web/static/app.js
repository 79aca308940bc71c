// mla's web form: built in the browser from the requested state's editor
// schema (mla schema CC), checked by the server's check as the officer
// types. Plain script, no framework, nothing from another site.
'use strict';

(function () {
  const meta = (n) => document.querySelector('meta[name="' + n + '"]').content;
  const csrf = meta('mla-csrf');
  const lang = meta('mla-lang');
  const $ = (id) => document.getElementById(id);

  let T = {}; // the page's messages and the fields' names
  let schema = null; // the state's editor schema
  let offences = []; // the offence catalogue
  let data = null; // the case, as the officer fills it in
  let report = null; // the last check's report
  let checkTimer = 0;
  let dirty = false; // changed since opened or saved
  let checkSeq = 0;

  function t(id, args) {
    let s = T[id] || id;
    for (const k in args || {}) s = s.split('{{.' + k + '}}').join(String(args[k]));
    return s;
  }

  // --- talking to the server ------------------------------------------

  async function call(method, path, body, type) {
    const url = path + (path.includes('?') ? '&' : '?') + 'lang=' + encodeURIComponent(lang);
    const init = { method: method, credentials: 'same-origin', headers: {} };
    if (method === 'POST') {
      init.headers['X-MLA-CSRF'] = csrf;
      init.headers['Content-Type'] = type || 'application/json';
      init.body = body;
    }
    return fetch(url, init);
  }

  async function getJSON(path) {
    const r = await call('GET', path);
    const j = await r.json();
    if (!r.ok) throw new Error(j.error || String(r.status));
    return j;
  }

  async function failure(r) {
    try {
      const j = await r.json();
      return j;
    } catch (e) {
      return { error: String(r.status) };
    }
  }

  function status(msg, bad) {
    const s = $('status');
    s.textContent = msg;
    s.className = bad ? 'bad' : '';
  }

  function download(blob, name) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60000);
  }

  // --- the case as data ---------------------------------------------------

  function esc(k) { return String(k).replace(/~/g, '~0').replace(/\//g, '~1'); }
  function unesc(k) { return k.replace(/~1/g, '/').replace(/~0/g, '~'); }
  function parts(ptr) { return ptr === '' ? [] : ptr.slice(1).split('/').map(unesc); }

  function getAt(ptr) {
    let v = data;
    for (const p of parts(ptr)) {
      if (v === null || typeof v !== 'object') return undefined;
      v = v[p];
    }
    return v;
  }

  function setAt(ptr, value) {
    const ps = parts(ptr);
    let v = data;
    for (let i = 0; i < ps.length - 1; i++) {
      if (v[ps[i]] === null || typeof v[ps[i]] !== 'object') v[ps[i]] = /^\d+$/.test(ps[i + 1]) ? [] : {};
      v = v[ps[i]];
    }
    const last = ps[ps.length - 1];
    if (value === undefined || value === '') {
      if (Array.isArray(v)) v[last] = '';
      else delete v[last];
    } else {
      v[last] = value;
    }
  }

  // clean drops the starter snippet's empty values from a new item.
  function clean(v) {
    if (Array.isArray(v)) return v.map(clean).filter((x) => x !== undefined);
    if (v && typeof v === 'object') {
      const o = {};
      for (const k in v) {
        const c = clean(v[k]);
        if (c !== undefined) o[k] = c;
      }
      return o;
    }
    if (v === null || v === '') return undefined;
    return v;
  }

  // --- the schema ---------------------------------------------------------

  function def(ref) { return schema.$defs[ref.replace('#/$defs/', '')]; }

  // resolve follows $ref, keeping what the referring schema adds.
  function resolve(s) {
    let out = s || {};
    let guard = 0;
    while (out.$ref && guard++ < 20) {
      const target = def(out.$ref) || {};
      const rest = Object.assign({}, out);
      delete rest.$ref;
      out = merge(target, rest);
    }
    // allOf branches without a condition add to the object itself.
    if (out.allOf) {
      for (const b of out.allOf) if (!b.if) out = merge(out, resolveShallow(b));
    }
    return out;
  }
  function resolveShallow(b) { return b.$ref ? resolve(b) : b; }

  function merge(a, b) {
    const o = Object.assign({}, a, b);
    if (a.properties || b.properties) {
      o.properties = Object.assign({}, a.properties || {});
      for (const k in b.properties || {}) o.properties[k] = Object.assign({}, o.properties[k] || {}, b.properties[k]);
    }
    if (a.required || b.required) o.required = Array.from(new Set([].concat(a.required || [], b.required || [])));
    if (a.allOf && b.allOf && a.allOf !== b.allOf) o.allOf = a.allOf.concat(b.allOf);
    return o;
  }

  function typeOf(s) {
    let ty = s.type;
    if (Array.isArray(ty)) ty = ty.find((x) => x !== 'null');
    if (!ty && s.properties) ty = 'object';
    if (!ty && s.items) ty = 'array';
    return ty;
  }

  function choices(s) {
    if (s.oneOf && s.oneOf.every((b) => 'const' in b)) {
      return s.oneOf.map((b) => ({ value: b.const, label: labelOf(b) }));
    }
    if (s.enum) {
      const d = s.markdownEnumDescriptions || [];
      return s.enum.map((v, i) => ({ value: v, label: d[i] ? v + ' — ' + d[i] : String(v) }));
    }
    return null;
  }

  function labelOf(branch) {
    const m = /^\*\*(.+?)\*\*/.exec(branch.markdownDescription || '');
    if (m) return m[1];
    return branch.description || String(branch.const);
  }

  function isText(s) {
    const p = s.properties;
    if (!p) return false;
    const keys = Object.keys(p);
    return keys.length > 0 && keys.every((k) => k === 'zh' || k === 'en' || k === 'fr');
  }

  // textLangs are the languages a text asks for: Chinese and the state's.
  function textLangs(s) {
    const req = (s.required || []).filter((k) => k !== 'zh');
    return ['zh'].concat(req.length ? req : Object.keys(s.properties).filter((k) => k !== 'zh'));
  }

  // conditional: the properties only some values of the object ask for
  // (the assistance type's own fields), and which of them apply now.
  function conditional(s, value) {
    const only = new Set();
    const active = new Set();
    for (const b of s.allOf || []) {
      if (!b.if || !b.then) continue;
      const names = Object.keys(b.then.properties || {}).concat(b.then.required || []);
      const applies = matches(b.if, value);
      for (const n of names) {
        if ((s.required || []).includes(n)) continue;
        only.add(n);
        if (applies) active.add(n);
      }
    }
    return { only: only, active: active };
  }

  function matches(cond, value) {
    if (!value || typeof value !== 'object') return false;
    for (const k of cond.required || []) if (!(k in value)) return false;
    for (const k in cond.properties || {}) {
      const c = cond.properties[k];
      if ('const' in c && value[k] !== c.const) return false;
      if (c.enum && !c.enum.includes(value[k])) return false;
    }
    return true;
  }

  function ordered(s) {
    const req = s.required || [];
    const rest = Object.keys(s.properties || {}).filter((k) => !req.includes(k)).sort();
    return req.filter((k) => s.properties && s.properties[k]).concat(rest);
  }

  // --- the form -----------------------------------------------------------

  const hidden = new Set(['/$schema', '/version', '/requested_state']);

  function fieldName(key) { return T['intake.field.' + key] || T['serve.field.' + key] || key; }
  function domId(ptr) { return 'f' + ptr.replace(/[^A-Za-z0-9_]/g, (c) => '-' + c.charCodeAt(0).toString(16)); }

  function render() {
    const form = $('form');
    const focus = document.activeElement && document.activeElement.id;
    form.textContent = '';
    if (!schema || !data) return;
    const top = resolve(schema);
    for (const key of ordered(top)) {
      const ptr = '/' + esc(key);
      if (hidden.has(ptr)) continue;
      const sec = document.createElement('section');
      sec.className = 'section';
      const h = document.createElement('h2');
      h.textContent = fieldName(key);
      h.id = domId(ptr) + '-h';
      sec.setAttribute('aria-labelledby', h.id);
      sec.appendChild(h);
      sec.appendChild(field(top.properties[key], ptr, key, (top.required || []).includes(key), true));
      form.appendChild(sec);
    }
    if (focus && $(focus)) $(focus).focus();
    showFindings();
  }

  // rebuildable makes el able to rebuild itself in place (after a list
  // changed, or a value that decides which fields show), rather than the
  // whole form.
  function rebuildable(el, build) {
    el.rebuild = () => {
      const focus = document.activeElement && document.activeElement.id;
      const n = build();
      // An item keeps the name its list gave it ("persons 2 (P2)").
      const was = el.querySelector(':scope > legend');
      const is = n.querySelector(':scope > legend');
      if (was && is) is.textContent = was.textContent;
      el.replaceWith(n);
      if (focus && $(focus)) $(focus).focus();
      showFindings();
    };
    return el;
  }

  // rebuildAround rebuilds the object or list that holds el, or the form.
  function rebuildAround(el) {
    const host = el.parentElement && el.parentElement.closest('fieldset.object, fieldset.array');
    if (host && host.rebuild) host.rebuild();
    else render();
  }

  function wrap(ptr, s) {
    const w = document.createElement('div');
    w.className = 'field';
    w.dataset.ptr = ptr;
    w.id = domId(ptr) + '-w';
    const help = s.description;
    if (help) {
      const p = document.createElement('p');
      p.className = 'help';
      p.id = domId(ptr) + '-help';
      p.textContent = help;
      w.helpId = p.id;
      w.help = p;
    }
    const msgs = document.createElement('div');
    msgs.className = 'msgs';
    msgs.id = domId(ptr) + '-msgs';
    w.msgs = msgs;
    return w;
  }

  function finish(w, control) {
    if (control) {
      const ids = [w.msgs.id];
      if (w.helpId) ids.push(w.helpId);
      control.setAttribute('aria-describedby', ids.join(' '));
      control.dataset.ptr = w.dataset.ptr;
    }
    if (w.help) w.appendChild(w.help);
    w.appendChild(w.msgs);
    return w;
  }

  function label(forId, text, required) {
    const l = document.createElement('label');
    l.htmlFor = forId;
    l.textContent = text;
    if (required) {
      const r = document.createElement('span');
      r.className = 'req';
      r.textContent = ' *';
      r.setAttribute('aria-hidden', 'true');
      l.appendChild(r);
    }
    return l;
  }

  function field(raw, ptr, key, required, bare) {
    const s = resolve(raw);
    if (raw.$ref === '#/$defs/offenceId') return offenceField(s, ptr, key, required);
    const opts = choices(s);
    if (opts) return selectField(s, ptr, key, required, opts);
    if (isText(s)) return textField(s, ptr, key, required, bare);
    switch (typeOf(s)) {
      case 'object': return objectField(s, ptr, key, required, bare);
      case 'array': return arrayField(s, ptr, key, required, bare);
      case 'boolean': return selectField(s, ptr, key, required, [{ value: true, label: t('serve.ui.yes') }, { value: false, label: t('serve.ui.no') }]);
      case 'integer':
      case 'number': return inputField(s, ptr, key, required, 'number');
      default: return inputField(s, ptr, key, required, 'text');
    }
  }

  function inputField(s, ptr, key, required, kind) {
    const w = wrap(ptr, s);
    const id = domId(ptr);
    w.appendChild(label(id, fieldName(key), required));
    const long = kind === 'text' && !s.format && !s.pattern && /description|facts|details|notes|reason/.test(key);
    const inp = document.createElement(long ? 'textarea' : 'input');
    if (!long) inp.type = kind;
    if (kind === 'number') inp.step = 'any';
    if (s.format === 'date') inp.placeholder = 'YYYY-MM-DD';
    inp.id = id;
    const v = getAt(ptr);
    inp.value = v === undefined || v === null ? '' : String(v);
    inp.addEventListener('input', () => {
      let val = inp.value;
      if (kind === 'number') val = val === '' ? '' : Number(val);
      setAt(ptr, val);
      changed();
    });
    w.appendChild(inp);
    return finish(w, inp);
  }

  function selectField(s, ptr, key, required, opts, after) {
    const w = wrap(ptr, s);
    const id = domId(ptr);
    w.appendChild(label(id, fieldName(key), required));
    const sel = document.createElement('select');
    sel.id = id;
    const none = document.createElement('option');
    none.value = '';
    none.textContent = t('serve.ui.none');
    sel.appendChild(none);
    const cur = getAt(ptr);
    opts.forEach((o, i) => {
      const op = document.createElement('option');
      op.value = String(i);
      op.dataset.value = JSON.stringify(o.value);
      op.textContent = o.label;
      if (cur === o.value) op.selected = true;
      sel.appendChild(op);
    });
    sel.addEventListener('change', () => {
      setAt(ptr, sel.value === '' ? '' : opts[Number(sel.value)].value);
      changed();
      // The value may bring its own fields (an assistance item's type).
      rebuildAround(w);
    });
    w.appendChild(sel);
    if (after) w.appendChild(after);
    return finish(w, sel);
  }

  function textField(s, ptr, key, required, bare) {
    const fs = document.createElement('fieldset');
    fs.className = 'field text';
    fs.dataset.ptr = ptr;
    fs.id = domId(ptr) + '-w';
    const lg = document.createElement('legend');
    lg.textContent = fieldName(key) + (required ? ' *' : '');
    if (bare) lg.className = 'sr-only';
    fs.appendChild(lg);
    const w = wrap(ptr, s);
    for (const l of textLangs(s)) {
      const p = ptr + '/' + l;
      const id = domId(p);
      const box = document.createElement('div');
      box.className = 'field';
      box.dataset.ptr = p;
      box.id = id + '-w';
      box.appendChild(label(id, t('serve.ui.lang.' + l), (s.required || []).includes(l) || l === 'zh'));
      const ta = document.createElement('textarea');
      ta.id = id;
      ta.lang = l === 'zh' ? 'zh-Hans' : l;
      ta.rows = 2;
      ta.dataset.ptr = p;
      const v = getAt(p);
      ta.value = typeof v === 'string' ? v : '';
      ta.addEventListener('input', () => { setAt(p, ta.value); changed(); });
      const msgs = document.createElement('div');
      msgs.className = 'msgs';
      msgs.id = id + '-msgs';
      ta.setAttribute('aria-describedby', msgs.id);
      box.appendChild(ta);
      box.appendChild(msgs);
      box.msgs = msgs;
      fs.appendChild(box);
    }
    if (w.help) fs.appendChild(w.help);
    fs.appendChild(w.msgs);
    fs.msgs = w.msgs;
    return fs;
  }

  function objectField(s, ptr, key, required, bare) {
    const fs = document.createElement('fieldset');
    fs.className = 'field object';
    fs.dataset.ptr = ptr;
    fs.id = domId(ptr) + '-w';
    if (!bare) {
      const lg = document.createElement('legend');
      lg.textContent = fieldName(key) + (required ? ' *' : '');
      fs.appendChild(lg);
    }
    const value = getAt(ptr);
    const cond = conditional(s, value);
    // The fields another type of item asks for wait, folded, below.
    const more = document.createElement('details');
    more.className = 'more';
    const sum = document.createElement('summary');
    sum.textContent = t('serve.ui.more_fields');
    more.appendChild(sum);
    for (const k of ordered(s)) {
      const p = ptr + '/' + esc(k);
      const req = (s.required || []).includes(k) || cond.active.has(k);
      const el = field(s.properties[k], p, k, req, false);
      if (cond.only.has(k) && !cond.active.has(k) && (value === undefined || value === null || !(k in value))) more.appendChild(el);
      else fs.appendChild(el);
    }
    if (more.children.length > 1) fs.appendChild(more);
    if (s.properties && s.properties.sha256 && s.properties.file) fs.appendChild(hashField(ptr));
    const msgs = document.createElement('div');
    msgs.className = 'msgs';
    msgs.id = domId(ptr) + '-msgs';
    fs.appendChild(msgs);
    fs.msgs = msgs;
    return rebuildable(fs, () => objectField(s, ptr, key, required, bare));
  }

  function arrayField(s, ptr, key, required, bare) {
    const fs = document.createElement('fieldset');
    fs.className = 'field array';
    fs.dataset.ptr = ptr;
    fs.id = domId(ptr) + '-w';
    const lg = document.createElement('legend');
    lg.textContent = fieldName(key) + (required ? ' *' : '');
    if (bare) lg.className = 'sr-only';
    fs.appendChild(lg);
    const items = s.items || {};
    const list = getAt(ptr);
    const n = Array.isArray(list) ? list.length : 0;
    for (let i = 0; i < n; i++) {
      const p = ptr + '/' + i;
      const box = document.createElement('div');
      box.className = 'item';
      const el = field(items, p, key, false, false);
      const name = el.querySelector('legend') || el.querySelector('label');
      if (name && name.tagName === 'LEGEND') {
        const v = list[i];
        name.textContent = fieldName(key) + ' ' + (i + 1) + (v && v.id ? ' (' + v.id + ')' : '');
      } else if (name) {
        name.textContent = fieldName(key) + ' ' + (i + 1);
      }
      box.appendChild(el);
      const rm = document.createElement('button');
      rm.type = 'button';
      rm.className = 'remove';
      rm.textContent = t('serve.ui.remove', { Item: fieldName(key) + ' ' + (i + 1) });
      rm.addEventListener('click', () => {
        getAt(ptr).splice(i, 1);
        changed();
        fs.rebuild();
        const add = document.querySelector('[data-add="' + ptr + '"]');
        if (add) add.focus();
      });
      box.appendChild(rm);
      fs.appendChild(box);
    }
    const add = document.createElement('button');
    add.type = 'button';
    add.className = 'add';
    add.id = domId(ptr) + '-add';
    add.dataset.add = ptr;
    add.textContent = t('serve.ui.add', { Item: fieldName(key) });
    add.addEventListener('click', () => {
      let cur = getAt(ptr);
      if (!Array.isArray(cur)) {
        setAt(ptr, []);
        cur = getAt(ptr);
      }
      cur.push(newItem(items, key, cur));
      changed();
      fs.rebuild();
      const first = document.querySelector('[data-ptr^="' + ptr + '/' + (cur.length - 1) + '"]:is(input,select,textarea)');
      if (first) first.focus();
    });
    fs.appendChild(add);
    const msgs = document.createElement('div');
    msgs.className = 'msgs';
    msgs.id = domId(ptr) + '-msgs';
    fs.appendChild(msgs);
    fs.msgs = msgs;
    return rebuildable(fs, () => arrayField(s, ptr, key, required, bare));
  }

  // newItem is the starter case's new item of a list, numbered after the
  // last one (P1, P2, … for persons).
  function newItem(items, key, cur) {
    const s = resolve(items);
    const snip = items.defaultSnippets && items.defaultSnippets[0] && items.defaultSnippets[0].body;
    const ty = typeOf(s);
    if (ty !== 'object' || isText(s)) return ty === 'object' ? {} : '';
    const item = clean(snip) || {};
    if (typeof item.id === 'string') {
      const m = /^([A-Z]+)(\d+)$/.exec(item.id);
      if (m) {
        let max = 0;
        for (const x of cur) {
          const k = x && typeof x.id === 'string' && new RegExp('^' + m[1] + '(\\d+)$').exec(x.id);
          if (k) max = Math.max(max, Number(k[1]));
        }
        item.id = m[1] + (max + 1);
      }
    }
    if (item.evidence && key === 'assistance') delete item.evidence;
    return item;
  }

  function offenceField(s, ptr, key, required) {
    const info = document.createElement('div');
    info.className = 'offence-info';
    info.setAttribute('aria-live', 'polite');
    const opts = offences.map((o) => ({
      value: o.id,
      label: o.id + ' ' + (o.article[lang] || o.article.en) + ' ' + o.charges.map((c) => c[lang] || c.en).join('、'),
    }));
    const cur = offences.find((o) => o.id === getAt(ptr));
    if (cur) {
      const pen = document.createElement('p');
      pen.textContent = t('serve.ui.max_penalty', { Penalty: (cur.max_penalty || {})[lang] || (cur.max_penalty || {}).en || '' });
      info.appendChild(pen);
      if (cur.death_penalty) {
        const d = document.createElement('p');
        d.className = 'death';
        d.textContent = t('serve.ui.death_penalty');
        info.appendChild(d);
      }
      const det = document.createElement('details');
      const sum = document.createElement('summary');
      sum.textContent = t('serve.ui.statute_text');
      det.appendChild(sum);
      for (const l of ['zh', 'en']) {
        for (const para of (cur.text || {})[l] || []) {
          const p = document.createElement('p');
          p.lang = l === 'zh' ? 'zh-Hans' : l;
          p.textContent = para;
          det.appendChild(p);
        }
      }
      info.appendChild(det);
    }
    return selectField(s, ptr, key, required, opts, info);
  }

  // hashField hashes an evidence file in the browser (SHA-256): the file
  // itself is not sent.
  function hashField(ptr) {
    const w = document.createElement('div');
    w.className = 'field hash';
    const id = domId(ptr) + '-hash';
    w.appendChild(label(id, t('serve.ui.evidence_file'), false));
    const inp = document.createElement('input');
    inp.type = 'file';
    inp.id = id;
    inp.addEventListener('change', async () => {
      const f = inp.files[0];
      if (!f) return;
      if (!window.crypto || !crypto.subtle) {
        status(t('serve.ui.no_hash'), true);
        return;
      }
      const sum = await crypto.subtle.digest('SHA-256', await f.arrayBuffer());
      const hex = Array.from(new Uint8Array(sum), (b) => b.toString(16).padStart(2, '0')).join('');
      setAt(ptr + '/sha256', hex);
      status(t('serve.ui.hashed', { File: f.name, SHA256: hex }));
      changed();
      rebuildAround(w);
    });
    w.appendChild(inp);
    return w;
  }

  // --- findings -----------------------------------------------------------

  function changed() {
    dirty = true;
    $('status').dataset.pending = '1';
    clearTimeout(checkTimer);
    checkTimer = setTimeout(() => { checkTimer = 0; check(); }, 250);
  }

  async function check() {
    if (!data) return;
    const seq = ++checkSeq;
    $('status').dataset.pending = '1';
    status(t('serve.ui.checking'));
    const r = await call('POST', '/api/check', JSON.stringify(data));
    if (seq !== checkSeq) return; // a newer check is under way
    if (!r.ok) {
      const j = await failure(r);
      if (seq !== checkSeq) return;
      report = null;
      showFindings();
      status(j.error, true);
    } else {
      const rep = await r.json();
      if (seq !== checkSeq) return;
      report = rep;
      showFindings();
    }
    if (seq === checkSeq && !checkTimer) $('status').dataset.pending = '0';
  }

  function messageOf(f) {
    const m = f.message || {};
    return m[lang] || m.en || m.zh || Object.values(m)[0] || f.rule;
  }

  // holder is the form's element nearest to the finding's pointer.
  function holder(ptr) {
    let p = ptr;
    for (;;) {
      const el = document.querySelector('[data-ptr="' + CSS.escape(p) + '"].field, fieldset[data-ptr="' + CSS.escape(p) + '"]');
      if (el) return el;
      if (p === '') return null;
      p = p.slice(0, p.lastIndexOf('/'));
    }
  }

  function showFindings() {
    document.querySelectorAll('.msgs').forEach((m) => { m.textContent = ''; });
    document.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
    const list = $('findings');
    list.textContent = '';
    if (!report) {
      $('summary').textContent = '';
      return;
    }
    // Errors first, then warnings, then notes; the report's order within.
    const rank = { error: 0, warning: 1, info: 2 };
    const fs = (report.findings || []).slice().sort((x, y) => (rank[x.severity] - rank[y.severity]));
    const count = { error: 0, warning: 0, info: 0 };
    fs.forEach((f, i) => {
      count[f.severity] = (count[f.severity] || 0) + 1;
      const msg = messageOf(f);
      const el = holder(f.pointer);
      const fid = 'finding-' + i;
      if (el) {
        const box = el.msgs || el.querySelector('.msgs');
        if (box) {
          const p = document.createElement('p');
          p.className = 'finding ' + f.severity;
          p.id = fid;
          p.dataset.rule = f.rule;
          p.textContent = t('serve.ui.severity.' + f.severity) + ': ' + msg;
          box.appendChild(p);
        }
        if (f.severity === 'error') {
          const c = el.querySelector('input,select,textarea');
          if (c && c.dataset.ptr === f.pointer) c.setAttribute('aria-invalid', 'true');
        }
      }
      const li = document.createElement('li');
      li.className = f.severity;
      li.dataset.rule = f.rule;
      li.dataset.ptr = f.pointer;
      const a = document.createElement('a');
      a.href = '#' + (el ? el.id : 'form');
      a.textContent = t('serve.ui.severity.' + f.severity) + ' ' + (f.pointer || '/') + ' — ' + msg;
      a.addEventListener('click', (ev) => {
        ev.preventDefault();
        const target = el && el.querySelector('input,select,textarea,button');
        if (el) el.scrollIntoView({ block: 'center' });
        if (target) target.focus();
      });
      li.appendChild(a);
      list.appendChild(li);
    });
    $('summary').textContent = fs.length === 0 ? t('serve.ui.no_findings')
      : t('serve.ui.summary', { Errors: count.error, Warnings: count.warning, Infos: count.info });
    status(t('serve.ui.checked', { Errors: count.error }));
  }

  // --- the toolbar --------------------------------------------------------

  async function loadState(code) {
    schema = await getJSON('/api/schema?state=' + encodeURIComponent(code));
    $('state').value = code;
  }

  async function start(c) {
    const code = String(c.requested_state || '').toUpperCase();
    if (!code) {
      status(t('serve.ui.choose_state'), true);
      return;
    }
    if (dirty && data !== c && !window.confirm(t('serve.ui.discard'))) return;
    await loadState(code);
    data = c;
    dirty = false;
    render();
    await check();
  }

  function fileText(input) {
    const f = input.files[0];
    input.value = '';
    return f;
  }

  async function generate(file) {
    if (!data) return;
    const draft = $('draft').checked ? '1' : '0';
    $('status').dataset.generated = '0';
    status(t('serve.ui.generating'));
    const r = await call('POST', '/api/generate?draft=' + draft + (file ? '&file=' + file : ''), JSON.stringify(data));
    if (!r.ok) {
      const j = await failure(r);
      if (j.report) {
        report = j.report;
        showFindings();
      }
      status(j.error, true);
      return null;
    }
    return r.blob();
  }

  async function main() {
    T = await getJSON('/api/messages');
    const states = await getJSON('/api/states');
    for (const s of states) {
      const o = document.createElement('option');
      o.value = s.code;
      o.textContent = s.code + ' — ' + s.name;
      $('state').appendChild(o);
    }
    offences = await getJSON('/api/offences');
    const need = () => {
      const code = $('state').value;
      if (!code) status(t('serve.ui.choose_state'), true);
      return code;
    };
    $('new').addEventListener('click', async () => {
      const code = need();
      if (code) await start({ version: 1, requested_state: code });
    });
    $('starter').addEventListener('click', async () => {
      const code = need();
      if (code) await start(await getJSON('/api/starter?state=' + code));
    });
    $('state').addEventListener('change', async () => {
      if (data && $('state').value) {
        data.requested_state = $('state').value;
        await start(data);
      }
    });
    $('open').addEventListener('change', async () => {
      const f = fileText($('open'));
      if (!f) return;
      let c;
      try {
        c = JSON.parse(await f.text());
      } catch (e) {
        status(t('serve.ui.not_json', { File: f.name, Err: e.message }), true);
        return;
      }
      await start(c);
    });
    $('save').addEventListener('click', () => {
      if (!data) return;
      const name = (String(data.reference || 'case').replace(/[^\p{L}\p{N}._-]+/gu, '_') || 'case') + '.json';
      download(new Blob([JSON.stringify(data, null, 2) + '\n'], { type: 'application/json' }), name);
      dirty = false;
    });
    $('import').addEventListener('change', async () => {
      const f = fileText($('import'));
      if (!f) return;
      const r = await call('POST', '/api/import', await f.arrayBuffer(), 'application/octet-stream');
      const j = await (r.ok ? r.json() : failure(r));
      if (!r.ok) {
        status(j.error, true);
        return;
      }
      await start(j);
    });
    $('export').addEventListener('click', async () => {
      if (!data) return;
      const r = await call('POST', '/api/export', JSON.stringify(data));
      if (!r.ok) {
        status((await failure(r)).error, true);
        return;
      }
      download(await r.blob(), 'intake.xlsx');
    });
    $('generate').addEventListener('click', async () => {
      const b = await generate('');
      if (!b) return;
      download(b, 'bundle.zip');
      status(t('serve.ui.generated'));
      $('status').dataset.generated = '1';
    });
    $('preview').addEventListener('click', async () => {
      const b = await generate('request.pdf');
      if (!b) return;
      const box = $('preview-box');
      box.querySelectorAll('iframe').forEach((x) => x.remove());
      const fr = document.createElement('iframe');
      fr.title = t('serve.ui.preview');
      fr.src = URL.createObjectURL(new Blob([b], { type: 'application/pdf' }));
      box.appendChild(fr);
      box.hidden = false;
      status(t('serve.ui.previewed'));
      box.scrollIntoView();
      fr.focus();
    });
    // The case lives only in this page: leaving it (another language, a
    // reload) with unsaved changes asks first.
    window.addEventListener('beforeunload', (ev) => {
      if (dirty) {
        ev.preventDefault();
        ev.returnValue = '';
      }
    });
    status(t('serve.ui.ready'));
    document.body.dataset.ready = '1';
  }

  main().catch((e) => status(String(e && e.message || e), true));
})();
