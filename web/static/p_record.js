// The meeting record: attendance with the quorum shown live, criticisms
// (who → whom), supervisors' comments and the host's summary.
import { h, card, table, field, input, textarea, select, button, busy, saveVersioned, notify, alertMsg, formValues, dash, clear, toLedger } from './ui.js';
import { listAll, create, update, isStale, remove, person, personName, listAll as list } from './api.js';
import { render, isOrganizer } from './app.js';
import { meetingHeader, loadStatus, teamMembers } from './p_meeting.js';

export async function recordPage(id) {
  const st = await loadStatus(id);
  const m = st.meeting;
  const [members, att, crit, ovs, orgPeople] = await Promise.all([
    teamMembers(m.team_id), listAll('attendance', { meeting_id: id }), listAll('criticism', { meeting_id: id }),
    listAll('oversight', { meeting_id: id }), list('person', { role: 'organizer' }).catch(() => [])]);
  const names = new Map(members.map(x => [x.person_id, x.person ? x.person.name : `人员 ${x.person_id}`]));
  for (const p of orgPeople) names.set(p.id, p.name);
  for (const r of [...att, ...crit, ...ovs]) for (const pid of [r.person_id, r.from_id, r.to_id]) if (pid && !names.has(pid)) names.set(pid, await personName(pid));

  return h('div', { class: 'page' }, meetingHeader(m, 'record'),
    meetingInfo(id, m),
    attendanceCard(id, members, att, orgPeople, names),
    criticismCard(id, members, crit, names),
    oversightCard(id, ovs, orgPeople, names),
    summaryCard(id, m));
}

function meetingInfo(id, m) {
  const f = h('form', { class: 'form grid3', id: 'record-info' },
    field('实际召开日期', input('actual_date', { type: 'date', value: m.actual_date || '' })),
    field('地点', input('place', { value: m.place || '' })),
    h('div', { class: 'actions-inline' }, h('button', { type: 'submit', class: 'btn btn-primary', text: '保存' })));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    saveVersioned(f.querySelector('button'), f, isStale, render, async () => {
      const v = formValues(f, true);
      for (const k of Object.keys(v)) if (v[k] === '') v[k] = null;
      if (v.actual_date && (!m.status || m.status === 'preparing' || m.status === 'plan_sent')) v.status = 'held';
      await update('meeting', id, v, m['@version']); notify('已保存'); render();
    });
  });
  return card('会议基本情况', f);
}

function attendanceCard(id, members, att, orgPeople, names) {
  const byPerson = new Map(att.map(a => [a.person_id, a]));
  const rows = [];
  for (const mm of members) rows.push({ person_id: mm.person_id, name: names.get(mm.person_id), sub: mm.position || '', rec: byPerson.get(mm.person_id), defShould: 1 });
  for (const a of att) if (!members.some(mm => mm.person_id === a.person_id)) rows.push({ person_id: a.person_id, name: names.get(a.person_id), sub: Number(a.is_supervisor) ? '督导人员' : '列席', rec: a, defShould: 0 });

  const quorum = h('div', { class: 'quorum', id: 'quorum', role: 'status', 'aria-live': 'polite' });
  const tbody = h('tbody');
  const inputs = [];
  function recalc() {
    let should = 0, came = 0, sup = 0;
    for (const r of inputs) {
      if (r.should.checked) { should++; if (r.came.checked) came++; }
      if (r.sup.checked && r.came.checked) sup++;
      r.reason.disabled = r.came.checked || !r.should.checked;
    }
    const needed = Math.ceil(should * 2 / 3);
    const met = should > 0 && came * 3 >= should * 2;
    clear(quorum);
    quorum.className = 'quorum ' + (should === 0 ? 'q-none' : met ? 'q-met' : 'q-not');
    quorum.appendChild(h('strong', { text: should === 0 ? '尚未登记应到人员' : met ? '达到法定人数' : '未达到法定人数' }));
    quorum.appendChild(h('span', { text: `应到 ${should} 人，实到 ${came} 人（须不少于应到人数的三分之二，即 ${needed} 人）；督导人员到会 ${sup} 人` }));
  }
  for (const r of rows) {
    const a = r.rec || {};
    const should = h('input', { type: 'checkbox', name: 'should_attend', checked: r.rec ? !!Number(a.should_attend) : !!r.defShould, 'aria-label': `${r.name} 应到` });
    const came = h('input', { type: 'checkbox', name: 'attended', checked: !!Number(a.attended), 'aria-label': `${r.name} 实到` });
    const sup = h('input', { type: 'checkbox', name: 'is_supervisor', checked: !!Number(a.is_supervisor), 'aria-label': `${r.name} 督导人员` });
    const reason = input('absence_reason', { value: a.absence_reason || '', placeholder: '缺席原因', 'aria-label': `${r.name} 缺席原因` });
    for (const x of [should, came, sup]) x.addEventListener('change', recalc);
    inputs.push({ r, should, came, sup, reason });
    tbody.appendChild(h('tr', { 'data-person': r.person_id },
      h('td', { 'data-label': '人员' }, h('strong', { text: r.name }), r.sub ? h('span', { class: 'muted', text: ' ' + r.sub }) : null),
      h('td', { 'data-label': '应到', class: 'center' }, should),
      h('td', { 'data-label': '实到', class: 'center' }, came),
      h('td', { 'data-label': '督导', class: 'center' }, r.defShould ? h('span', { class: 'muted', text: '—' }) : sup),
      h('td', { 'data-label': '缺席原因' }, reason)));
  }
  const tbl = h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'attendance-table' },
    h('thead', null, h('tr', null, ['人员', '应到', '实到', '督导人员', '缺席原因'].map(t => h('th', { text: t })))), tbody));
  recalc();
  const save = h('button', { type: 'button', class: 'btn btn-primary', id: 'attendance-save', text: '保存出席情况' });
  // each existing row is saved with the version it was loaded at: a row
  // changed by someone else meanwhile stops the save there with the conflict
  // notice (the rows before it are saved, the ticks on screen stay)
  save.addEventListener('click', () => saveVersioned(save, tbl, isStale, render, async () => {
    for (const x of inputs) {
      const body = { should_attend: x.should.checked ? 1 : 0, attended: x.came.checked ? 1 : 0, is_supervisor: x.sup.checked ? 1 : 0,
        absence_reason: (!x.came.checked && x.reason.value.trim()) ? x.reason.value.trim() : null };
      if (x.r.rec) { const u = await update('attendance', x.r.rec.id, body, x.r.rec['@version']); x.r.rec['@version'] = u['@version']; }
      else { if (body.absence_reason === null) delete body.absence_reason; const c = await create('attendance', { meeting_id: Number(id), person_id: x.r.person_id, ...body }); x.r.rec = { id: c.id, ...body }; }
    }
    notify('出席情况已保存');
  }));
  // add a supervisor (督导组) from the organizers
  const supSel = select('person_id', [['', '选择督导人员…'], ...orgPeople.filter(p => !rows.some(r => r.person_id === p.id)).map(p => [p.id, p.name])], '', { 'aria-label': '督导人员' });
  const addSup = button('添加督导人员', (ev) => busy(ev.target, async () => {
    if (!supSel.value) { alertMsg('请选择督导人员'); return; }
    await create('attendance', { meeting_id: Number(id), person_id: Number(supSel.value), should_attend: 0, attended: 1, is_supervisor: 1 });
    notify('已添加督导人员'); render();
  }), 'btn');
  return card('出席情况', quorum, tbl, h('div', { class: 'actions' }, save, orgPeople.length ? h('span', { class: 'inline-form' }, supSel, addSup) : null));
}

function criticismCard(id, members, crit, names) {
  const opts = members.map(x => [x.person_id, names.get(x.person_id)]);
  const from = select('from_id', opts, opts[1] ? opts[1][0] : '', { id: 'crit-from' });
  const to = select('to_id', opts, opts[0] ? opts[0][0] : '', { id: 'crit-to' });
  const text = textarea('text', { required: true, rows: 3, id: 'crit-text', maxlength: 5000 });
  const add = h('button', { type: 'submit', class: 'btn btn-primary', id: 'crit-add', text: '记录批评意见' });
  const f = h('form', { class: 'form grid2', id: 'criticism-form' }, field('提出人', from), field('被批评人', to),
    h('div', { class: 'span2' }, field('批评意见', text)), h('div', { class: 'actions span2' }, add));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (from.value === to.value) { alertMsg('提出人与被批评人不能是同一人（自我批评请记入本人材料）'); return; }
    if (!text.value.trim()) { alertMsg('请填写批评意见'); return; }
    busy(add, async () => {
      await create('criticism', { meeting_id: Number(id), from_id: Number(from.value), to_id: Number(to.value), text: text.value.trim() });
      notify('批评意见已记录'); render();
    });
  });
  // grouped by who received it
  const groups = new Map();
  for (const c of crit) { if (!groups.has(c.to_id)) groups.set(c.to_id, []); groups.get(c.to_id).push(c); }
  const list = h('div', { class: 'crit-list', id: 'criticism-list' });
  if (!crit.length) list.appendChild(h('p', { class: 'muted', text: '尚未记录相互批评意见' }));
  for (const [to, cs] of groups) {
    list.appendChild(h('div', { class: 'crit-group' }, h('h3', { text: `${names.get(to)} 收到的批评意见（${cs.length} 条）` }),
      h('ul', null, cs.map(c => h('li', { 'data-criticism': c.id }, h('span', { class: 'crit-from', text: `${names.get(c.from_id)} → ${names.get(c.to_id)}：` }), h('span', { text: c.text }), ' ',
        button('列入整改台账', (ev) => toLedger(ev.target, create, id, 'criticism', `criticism:${c.id}`, c.text, c.to_id), 'btn btn-sm btn-ghost to-ledger'))))));
  }
  return card('相互批评', list, f);
}

function oversightCard(id, ovs, orgPeople, names) {
  const who = select('person_id', [['', '（不指定）'], ...orgPeople.map(p => [p.id, p.name])], '', { 'aria-label': '督导人员' });
  const text = textarea('text', { required: true, rows: 3, id: 'oversight-text' });
  const add = h('button', { type: 'submit', class: 'btn btn-primary', text: '记录点评' });
  const f = h('form', { class: 'form grid2' }, field('督导人员', who), h('div'), h('div', { class: 'span2' }, field('点评意见', text)), h('div', { class: 'actions span2' }, add));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!text.value.trim()) { alertMsg('请填写点评意见'); return; }
    busy(add, async () => {
      const v = { meeting_id: Number(id), text: text.value.trim() };
      if (who.value) v.person_id = Number(who.value);
      await create('oversight', v); notify('督导点评已记录'); render();
    });
  });
  const list = ovs.length ? h('ul', { class: 'plain-list', id: 'oversight-list' }, ovs.map(o => h('li', null, h('strong', { text: o.person_id ? names.get(o.person_id) + '：' : '督导组：' }), o.text))) : h('p', { class: 'muted', text: '尚无督导点评' });
  return card('督导点评', list, isOrganizer() ? f : h('p', { class: 'hint', text: '督导点评由上级督导组（组织部门）录入。' }));
}

function summaryCard(id, m) {
  const t = textarea('summary', { value: m.summary || '', rows: 4 });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', text: '保存总结' });
  const f = h('form', { class: 'form' }, field('主持人总结', t), h('div', { class: 'actions' }, save));
  f.addEventListener('submit', (ev) => { ev.preventDefault(); saveVersioned(save, f, isStale, render, async () => {
    // the page stays: the next save goes with the version this one made
    const r = await update('meeting', id, { summary: t.value.trim() || null }, m['@version']);
    m['@version'] = r['@version']; notify('已保存');
  }); });
  return card('主持人总结', f);
}
