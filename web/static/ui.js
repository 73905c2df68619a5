// DOM helpers shared by every page. All text goes in through textContent,
// never parsed as HTML markup, so whatever a user typed stays inert.

// h('div', {class: 'x', onclick: fn, text: '…'}, child, 'text', [more]) builds an element.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') el.textContent = String(v);
      else if (k === 'class') el.className = v;
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'value') el.value = v;
      else if (k === 'checked') el.checked = !!v;
      else if (k === 'style') throw new Error('no inline styles (CSP)');
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

export function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }

export function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

// The page-wide alert area: errors from the API and confirmations.
export function alertMsg(text, kind = 'error') {
  const box = document.getElementById('alerts');
  if (!box) return;
  const item = h('div', { class: `alert alert-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'alert-text', text }),
    h('button', { class: 'alert-close', type: 'button', 'aria-label': '关闭', text: '×',
      onclick: () => item.remove() }));
  box.appendChild(item);
  if (kind !== 'error') setTimeout(() => item.remove(), 5000);
}
export function clearAlerts() { const b = document.getElementById('alerts'); if (b) clear(b); }
export function notify(text) { alertMsg(text, 'success'); }

export function loading(text = '正在加载…') {
  return h('div', { class: 'loading', role: 'status' }, h('span', { class: 'spinner' }), text);
}

export function card(title, ...children) {
  return h('section', { class: 'card' }, title ? h('h2', { class: 'card-title', text: title }) : null, ...children);
}

// A labelled form field. input is an element.
export function field(label, input, hint) {
  const id = input.id || ('f' + Math.random().toString(36).slice(2, 9));
  input.id = id;
  return h('div', { class: 'field' }, h('label', { for: id, text: label }), input,
    hint ? h('div', { class: 'hint', text: hint }) : null);
}

export function input(name, attrs = {}) { return h('input', { name, type: 'text', ...attrs }); }
export function textarea(name, attrs = {}) { return h('textarea', { name, rows: 3, ...attrs }); }

// options: array of [value, label]; first may be ['', '全部'].
export function select(name, options, value, attrs = {}) {
  const s = h('select', { name, ...attrs });
  for (const [v, l] of options) {
    const o = h('option', { value: String(v), text: l });
    if (String(v) === String(value ?? '')) o.selected = true;
    s.appendChild(o);
  }
  return s;
}

export function button(text, onclick, cls = 'btn') {
  return h('button', { type: 'button', class: cls, text, onclick });
}

// Runs fn while the button shows it is busy; errors land in the alert area.
export async function busy(btn, fn) {
  const old = btn.textContent;
  btn.disabled = true;
  btn.classList.add('is-busy');
  try { return await fn(); }
  catch (e) { alertMsg(e.message || String(e)); return undefined; }
  finally { btn.disabled = false; btn.classList.remove('is-busy'); btn.textContent = old; }
}

// Like busy, for saving a form loaded at a version: when the server answers
// that the record changed since (stale(e)), the form stays as typed and a
// notice below it says so, with a button to reload (reload()).
export const STALE_TEXT = '该记录已被他人修改，请刷新后再改。您填写的内容仍保留在上面，可先复制留存。';
export async function saveVersioned(btn, form, stale, reload, fn) {
  const next = form.nextElementSibling;
  if (next && next.classList.contains('conflict')) next.remove();
  return busy(btn, async () => {
    try { return await fn(); }
    catch (e) {
      if (!stale(e)) throw e;
      form.insertAdjacentElement('afterend', h('div', { class: 'alert alert-error conflict', role: 'alert' },
        h('span', { class: 'alert-text', text: STALE_TEXT }),
        button('刷新', () => reload(), 'btn btn-sm conflict-reload')));
      return undefined;
    }
  });
}

// A table from column definitions [{label, cell: row => Node|string, class}].
export function table(columns, rows, opts = {}) {
  const t = h('table', { class: 'table' + (opts.class ? ' ' + opts.class : '') });
  t.appendChild(h('thead', null, h('tr', null, columns.map(c => h('th', { class: c.class, text: c.label })))));
  const body = h('tbody');
  if (!rows.length) {
    body.appendChild(h('tr', null, h('td', { class: 'empty', colspan: columns.length, text: opts.empty || '暂无记录' })));
  }
  for (const r of rows) {
    const tr = h('tr', opts.rowAttrs ? opts.rowAttrs(r) : null);
    for (const c of columns) {
      const v = c.cell(r);
      tr.appendChild(h('td', { class: c.class, 'data-label': c.label }, v instanceof Node ? v : (v ?? '—')));
    }
    body.appendChild(tr);
    if (opts.after) { const extra = opts.after(r, columns.length); if (extra) body.appendChild(extra); }
  }
  t.appendChild(body);
  return h('div', { class: 'table-wrap' }, t);
}

export function badge(text, kind) { return h('span', { class: `badge badge-${kind}`, text }); }

export function stat(label, value, sub, kind) {
  return h('div', { class: 'stat' + (kind ? ' stat-' + kind : '') },
    h('div', { class: 'stat-label', text: label }),
    h('div', { class: 'stat-value', text: value }),
    sub ? h('div', { class: 'stat-sub', text: sub }) : null);
}

// Form values as an object; empty strings dropped unless keepEmpty.
export function formValues(form, keepEmpty = false) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    if (el.type === 'checkbox') { out[el.name] = el.checked ? 1 : 0; continue; }
    const v = el.value.trim();
    if (v === '' && !keepEmpty) continue;
    out[el.name] = v;
  }
  return out;
}

export function dash(v) { return v === null || v === undefined || v === '' ? '—' : String(v); }

// Turns an opinion or a criticism into a ledger item (整改台账条目) of its meeting.
export async function toLedger(btn, create, meetingId, source, ref, text, ownerId) {
  return busy(btn, async () => {
    const body = { meeting_id: Number(meetingId), source, source_ref: ref, problem: Array.from(text).slice(0, 5000).join('') };
    if (ownerId) body.owner_id = Number(ownerId);
    const r = await create('item', body);
    btn.replaceWith(h('a', { class: 'badge badge-blue', href: `#/ledger/${meetingId}?item=${r.id}`, text: '已列入整改台账' }));
    notify('已列入整改台账，请补充整改措施和时限');
  });
}
