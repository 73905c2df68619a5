// The rectification ledger (整改台账) of a meeting: filters, colour badges,
// each item's history, progress/evidence notes, and the status actions.
import { h, card, field, input, textarea, select, button, busy, notify, alertMsg, dash, badge, clear, formValues, stat } from './ui.js';
import { get, post, qs, create, personName } from './api.js';
import { isOrganizer, session, render, hashQuery, go } from './app.js';
import { ITEM_STATUS, ITEM_SOURCE, COLOR, COLOR_HINT, NOTE_KIND, label, options } from './labels.js';
import { meetingHeader, loadStatus, teamMembers } from './p_meeting.js';

export function colorBadge(c) {
  if (!c || c === 'none') return h('span', { class: 'badge badge-none', text: '正常' });
  return h('span', { class: `badge badge-c-${c}`, title: COLOR_HINT[c] || '', text: `${COLOR[c] || c} · ${COLOR_HINT[c] || ''}` });
}
export function statusBadge(s) {
  const k = { todo: 'grey', doing: 'blue', done: 'yellow-soft', closed: 'green' }[s] || 'grey';
  return badge(label(ITEM_STATUS, s), k);
}

export async function ledgerPage(id) {
  const q = hashQuery();
  const st = await loadStatus(id);
  const m = st.meeting;
  const fStatus = select('status', options(ITEM_STATUS, '全部状态'), q.get('status') || '', { id: 'filter-status', 'aria-label': '状态' });
  const fColor = select('color', [['', '全部预警'], ['red', '红色（超期）'], ['yellow', '黄色（被退回）'], ['blue', '蓝色（临近期限）'], ['none', '无预警']], q.get('color') || '', { id: 'filter-color', 'aria-label': '预警颜色' });
  const listBox = h('div', { id: 'ledger-list' });
  const openItem = q.get('item');

  async function load() {
    clear(listBox).appendChild(h('div', { class: 'loading' }, h('span', { class: 'spinner' }), '正在加载…'));
    const r = await get(`/meetings/${id}/ledger` + qs({ status: fStatus.value, color: fColor.value }));
    const items = Array.isArray(r) ? r : (r.items || []);
    const names = new Map();
    for (const it of items) for (const pid of [it.owner_id, it.leader_id]) if (pid && !names.has(pid)) names.set(pid, await personName(pid));
    clear(listBox);
    listBox.appendChild(h('p', { class: 'muted count', text: `共 ${items.length} 项` }));
    if (!items.length) listBox.appendChild(h('p', { class: 'empty', text: '没有符合条件的整改事项' }));
    for (const it of items) listBox.appendChild(itemCard(it, names, openItem && String(it.id) === openItem));
  }
  for (const s of [fStatus, fColor]) s.addEventListener('change', () => load().catch(e => alertMsg(e.message)));
  await load();

  const l = st.ledger || {}, bc = l.by_color || {}, bs = l.by_status || {};
  const page = h('div', { class: 'page' }, meetingHeader(m, 'ledger'),
    h('div', { class: 'stats' },
      stat('整改事项', String(l.total ?? 0), l.carried ? `含上年度结转 ${l.carried} 项` : null),
      stat('红色预警', String(bc.red || 0), '已超过整改时限', bc.red ? 'danger' : ''),
      stat('黄色预警', String(bc.yellow || 0), '被退回重新整改', bc.yellow ? 'warn' : ''),
      stat('蓝色预警', String(bc.blue || 0), '临近整改时限', bc.blue ? 'info' : ''),
      stat('已销号', String(bs.closed || 0), `待整改 ${bs.todo || 0}，整改中 ${bs.doing || 0}，已整改 ${bs.done || 0}`, 'ok')),
    card('整改台账', h('div', { class: 'filters' }, fStatus, fColor), listBox));
  page.appendChild(await addItemCard(id, m));
  return page;
}

function itemCard(it, names, open) {
  const detail = h('div', { class: 'item-detail', hidden: !open });
  const toggle = button(open ? '收起' : '详情与记录', null, 'btn btn-sm btn-ghost item-toggle');
  let loaded = false;
  async function show() {
    detail.hidden = !detail.hidden;
    toggle.textContent = detail.hidden ? '详情与记录' : '收起';
    if (!detail.hidden && !loaded) { loaded = true; await fillDetail(detail, it, names); }
  }
  toggle.addEventListener('click', () => show().catch(e => alertMsg(e.message)));
  const el = h('article', { class: `item item-c-${it.color || 'none'}`, 'data-item': it.id },
    h('div', { class: 'item-head' },
      it.color && it.color !== 'none' ? colorBadge(it.color) : null, statusBadge(it.status),
      it.carried ? badge(`${it.year || ''}年度结转`, 'grey') : null,
      h('span', { class: 'tag', text: label(ITEM_SOURCE, it.source) }),
      h('span', { class: 'item-no', text: `#${it.id}` })),
    h('h3', { class: 'item-problem', text: it.problem }),
    it.measure ? h('p', { class: 'item-measure' }, h('span', { class: 'k', text: '整改措施：' }), it.measure) : null,
    h('div', { class: 'item-meta' },
      h('span', null, h('span', { class: 'k', text: '责任人 ' }), names.get(it.owner_id) || '—'),
      it.leader_id ? h('span', null, h('span', { class: 'k', text: '责任领导 ' }), names.get(it.leader_id)) : null,
      h('span', null, h('span', { class: 'k', text: '完成时限 ' }), dash(it.deadline)),
      it.progress ? h('span', { class: 'item-progress' }, h('span', { class: 'k', text: '最新进展 ' }), it.progress) : null,
      toggle),
    detail);
  if (open) { loaded = true; fillDetail(detail, it, names).catch(e => alertMsg(e.message)); setTimeout(() => el.scrollIntoView({ block: 'center' }), 50); }
  return el;
}

async function fillDetail(box, it0, names) {
  clear(box).appendChild(h('div', { class: 'loading' }, h('span', { class: 'spinner' }), '正在加载…'));
  const r = await get(`/items/${it0.id}`);
  const it = r.item || r;
  const notes = r.notes || it.notes || [];
  for (const n of notes) if (n.author_id && !names.has(n.author_id)) names.set(n.author_id, await personName(n.author_id));
  clear(box);
  const hist = h('ol', { class: 'timeline' });
  if (!notes.length) hist.appendChild(h('li', { class: 'muted', text: '暂无记录' }));
  for (const n of notes.slice().sort((a, b) => (a.date || '').localeCompare(b.date || '') || a.id - b.id)) {
    hist.appendChild(h('li', { class: `tl tl-${n.kind}` },
      h('span', { class: 'tl-date', text: dash(n.date) }),
      h('span', { class: 'tl-kind', text: label(NOTE_KIND, n.kind) }),
      n.author_id ? h('span', { class: 'tl-author', text: names.get(n.author_id) }) : null,
      h('div', { class: 'tl-text', text: n.text })));
  }
  box.appendChild(h('h4', { text: '整改记录' }));
  box.appendChild(hist);

  const status = it.status || it0.status;
  const isOwner = session.user && (session.user.id === it.owner_id || session.user.id === it.leader_id);
  const org = isOrganizer();
  const note = textarea('note', { rows: 2, placeholder: '说明（完成、退回时必填）', 'aria-label': '说明' });
  const act = (a, text, cls, needNote) => {
    const b = button(text, (ev) => busy(ev.target, async () => {
      if (needNote && !note.value.trim()) { alertMsg(`请先在“说明”中写明${a === 'send_back' ? '退回理由' : '完成情况'}`); note.focus(); return; }
      await post(`/items/${it0.id}/actions/${a}`, { note: note.value.trim() });
      notify(`已${text}`);
      go(`#/ledger/${it.meeting_id || it0.meeting_id}?item=${it0.id}`);
    }), cls);
    b.dataset.action = a;
    return b;
  };
  const buttons = [];
  if (status !== 'closed') {
    if (status === 'todo') buttons.push(act('start', '开始整改', 'btn', false));
    if (status === 'todo' || status === 'doing') buttons.push(act('finish', '完成整改', 'btn btn-primary', true));
    if (org && status === 'done') { buttons.push(act('send_back', '退回', 'btn btn-danger-ghost', true)); buttons.push(act('close', '销号', 'btn btn-primary', false)); }
  } else if (org) buttons.push(act('reopen', '重新打开', 'btn', true));
  if (buttons.length) box.appendChild(h('div', { class: 'item-actions' }, field('说明', note), h('div', { class: 'actions' }, buttons)));

  if (status !== 'closed') {
    const kind = select('kind', [['progress', '进展'], ['evidence', '佐证材料']], 'progress', { 'aria-label': '记录类型' });
    const text = textarea('text', { rows: 2, placeholder: '填写整改进展或佐证材料说明', 'aria-label': '记录内容' });
    const add = h('button', { type: 'submit', class: 'btn', text: '添加记录' });
    box.appendChild(h('form', { class: 'note-form', onsubmit: (ev) => {
      ev.preventDefault();
      if (!text.value.trim()) { alertMsg('请填写记录内容'); return; }
      busy(add, async () => {
        await post(`/items/${it0.id}/notes`, { kind: kind.value, text: text.value.trim() });
        notify('记录已添加'); await fillDetail(box, it0, names);
      });
    } }, h('h4', { text: '添加进展 / 佐证' }), h('div', { class: 'note-row' }, kind, text, add)));
  }
}

async function addItemCard(id, m) {
  const members = await teamMembers(m.team_id).catch(() => []);
  const opts = members.map(x => [x.person_id, x.person ? x.person.name : x.person_id]);
  const f = h('form', { class: 'form grid3', id: 'item-form' },
    field('问题来源', select('source', options(ITEM_SOURCE), 'self')),
    field('责任人', select('owner_id', [['', '（未指定）'], ...opts], '')),
    field('完成时限', input('deadline', { type: 'date' })),
    h('div', { class: 'span3' }, field('问题', textarea('problem', { rows: 2, required: true }))),
    h('div', { class: 'span3' }, field('整改措施', textarea('measure', { rows: 2 }))));
  const add = h('button', { type: 'submit', class: 'btn btn-primary', text: '添加整改事项' });
  f.appendChild(h('div', { class: 'actions span3' }, add));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(add, async () => {
      const v = formValues(f);
      if (!v.problem) { alertMsg('请填写问题'); return; }
      v.meeting_id = Number(id);
      if (v.owner_id) v.owner_id = Number(v.owner_id);
      await create('item', v); notify('已添加整改事项'); render();
    });
  });
  const d = h('details', { class: 'card add-card' }, h('summary', { text: '添加整改事项' }), f);
  return d;
}
