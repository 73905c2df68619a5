// A meeting's preparation: overview, opinions, talks (coverage matrix), study
// sessions, materials and anonymous opinion links. One page, one tab per part.
import { h, card, table, badge, field, input, textarea, select, button, busy, saveVersioned, notify, alertMsg, stat, formValues, dash, today, clear, toLedger } from './ui.js';
import { get, post, del, listAll, record, create, update, isStale, person, personName } from './api.js';
import { isOrganizer, session, render } from './app.js';
import { MEETING_KIND, MEETING_STATUS, CHANNEL, TALK_MODE, MATERIAL_STATE, TALK_REASON, label, options } from './labels.js';
import { colorCounts, pct } from './p_rollup.js';

export const TABS = [
  ['overview', '概况'], ['opinions', '征求意见'], ['talks', '谈心谈话'], ['study', '学习研讨'],
  ['materials', '对照检查材料'], ['links', '意见征集链接'], ['record', '会议记录'], ['ledger', '整改台账'],
];

export function tabHref(id, tab) {
  if (tab === 'record') return `#/record/${id}`;
  if (tab === 'ledger') return `#/ledger/${id}`;
  return tab === 'overview' ? `#/meeting/${id}` : `#/meeting/${id}/${tab}`;
}

export function meetingHeader(m, active) {
  return h('div', { class: 'meeting-head' },
    h('div', { class: 'page-head' },
      h('div', null,
        h('div', { class: 'crumb', text: m.team_name || `班子 ${m.team_id}` }),
        h('h1', { id: 'meeting-title', text: `${m.year}年度${label(MEETING_KIND, m.kind)}` })),
      h('div', { class: 'page-tools' }, badge(label(MEETING_STATUS, m.status || 'preparing'), m.status === 'reported' ? 'green' : m.status === 'held' ? 'blue' : 'grey'))),
    h('nav', { class: 'tabs', 'aria-label': '会议栏目' }, TABS.map(([k, t]) =>
      h('a', { href: tabHref(m.id, k), class: 'tab' + (k === active ? ' active' : ''), 'data-tab': k, text: t }))));
}

export async function loadStatus(id) { return get(`/meetings/${id}/status`); }

// The team's members (ordered), each with its person record.
export async function teamMembers(teamId) {
  const ms = (await listAll('member', { team_id: teamId })).sort((a, b) => (b.is_head - a.is_head) || (a.ord - b.ord) || a.id - b.id);
  await Promise.all(ms.map(async m => { m.person = await person(m.person_id); }));
  return ms;
}

export async function meetingPage(id, tab = 'overview') {
  const st = await loadStatus(id);
  const m = st.meeting;
  const body = await ({ overview, opinions, talks, study, materials, links }[tab])(id, st);
  return h('div', { class: 'page' }, meetingHeader(m, tab), body);
}

// ---------------------------------------------------------------- overview
async function overview(id, st) {
  const m = st.meeting, d = st.deadlines || {}, o = st.opinions || {}, t = st.talks || {}, a = st.attendance || {}, mat = st.materials || {}, l = st.ledger || {};
  const bs = mat.by_state || {};
  const matTotal = (mat.members || []).length;
  const days = (n, what) => n === null || n === undefined ? '' : n >= 0 ? `还有 ${n} 天` : `已超过 ${-n} 天`;
  const stats = h('div', { class: 'stats' },
    stat('征求意见', `${o.total ?? 0} 条`, `关于班子 ${o.about_team ?? 0}，关于成员 ${o.about_members ?? 0}，已反馈 ${o.fed_back ?? 0}`),
    stat('谈心谈话覆盖', t.percent === null || t.percent === undefined || t.percent < 0 ? '—' : `${t.percent}%`, `必谈 ${t.required ?? 0} 对，已谈 ${t.covered ?? 0} 对`, t.percent >= 100 ? 'ok' : 'warn'),
    stat('材料定稿', `${bs.final || 0} / ${matTotal}`, `草稿 ${bs.draft || 0}，已提交 ${bs.submitted || 0}，退回 ${bs.returned || 0}，未建 ${bs.missing || 0}`),
    stat('出席', a.should ? `${a.attended} / ${a.should}` : '—', a.quorum_met === null || a.quorum_met === undefined ? '尚未登记出席' : a.quorum_met ? '达到法定人数' : `未达到法定人数（需 ${a.needed} 人）`, a.quorum_met === false ? 'danger' : a.quorum_met ? 'ok' : ''),
    stat('整改台账', `${l.total ?? 0} 项`, null));
  stats.lastChild.appendChild(colorCounts(l.by_color));

  const dl = h('dl', { class: 'deflist' },
    h('dt', { text: '计划召开日期' }), h('dd', { text: m.planned_date ? `${m.planned_date}（${days(d.days_to_meeting)}）` : '尚未确定' }),
    h('dt', { text: '实际召开日期' }), h('dd', { text: dash(m.actual_date) }),
    h('dt', { text: '方案报送' }), h('dd', null, m.plan_sent_on ? badge(`已于 ${m.plan_sent_on} 报送`, 'green') : d.plan_due ? badge(`应于 ${d.plan_due} 前报送，${days(d.plan_days_left)}`, d.plan_days_left < 0 ? 'red' : d.plan_days_left <= 3 ? 'yellow' : 'grey') : '—'),
    h('dt', { text: '情况报告' }), h('dd', null, m.report_sent_on ? badge(`已于 ${m.report_sent_on} 报送`, 'green') : d.report_due ? badge(`应于 ${d.report_due} 前报送${d.report_days_left !== null && d.report_days_left !== undefined ? '，' + days(d.report_days_left) : ''}`, d.report_days_left < 0 ? 'red' : 'grey') : '会后确定'),
    h('dt', { text: '主题' }), h('dd', { text: dash(m.theme) }));

  const f = h('form', { class: 'form grid3', id: 'meeting-form' },
    field('计划召开日期', input('planned_date', { type: 'date', value: m.planned_date || '' })),
    field('地点', input('place', { value: m.place || '' })),
    field('状态', select('status', options(MEETING_STATUS), m.status || 'preparing')),
    field('方案报送日期', input('plan_sent_on', { type: 'date', value: m.plan_sent_on || '' })),
    field('实际召开日期', input('actual_date', { type: 'date', value: m.actual_date || '' })),
    field('情况报告报送日期', input('report_sent_on', { type: 'date', value: m.report_sent_on || '' })));
  const save = h('button', { type: 'submit', class: 'btn btn-primary', text: '保存' });
  f.appendChild(h('div', { class: 'actions span3' }, save,
    m.plan_sent_on ? null : button('今日报送方案', (ev) => saveVersioned(ev.target, f, isStale, render, async () => {
      await update('meeting', id, { plan_sent_on: today(), status: 'plan_sent' }, m['@version']); notify('已记录方案报送'); render();
    }), 'btn'),
    m.actual_date && !m.report_sent_on ? button('今日报送情况报告', (ev) => saveVersioned(ev.target, f, isStale, render, async () => {
      await update('meeting', id, { report_sent_on: today(), status: 'reported' }, m['@version']); notify('已记录情况报告报送'); render();
    }), 'btn') : null));
  // saved with the version the form was loaded at: a change by someone else
  // in between gets a 409 and the typed values stay (saveVersioned)
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    saveVersioned(save, f, isStale, render, async () => {
      const v = formValues(f, true);
      for (const k of Object.keys(v)) if (v[k] === '') v[k] = null;
      await update('meeting', id, v, m['@version']); notify('已保存'); render();
    });
  });

  const missing = (t.missing || []);
  return h('div', null, stats,
    h('div', { class: 'cols' },
      card('期限', dl),
      card(`未谈的必谈对象（${missing.length}）`, missing.length ? h('ul', { class: 'plain-list' }, missing.slice(0, 12).map(p =>
        h('li', null, `${p.a_name} — ${p.b_name}`, h('span', { class: 'muted', text: `（${(p.reasons || []).map(r => label(TALK_REASON, r)).join('、')}）` }))))
        : h('p', { class: 'ok-text', text: '必谈对象已全部谈到。' }),
        missing.length > 12 ? h('a', { href: tabHref(id, 'talks'), text: `查看全部 ${missing.length} 对` }) : null)),
    card('会议安排', f));
}

// ---------------------------------------------------------------- opinions
async function opinions(id, st) {
  const m = st.meeting;
  const [ops, members, areas] = await Promise.all([
    listAll('opinion', { meeting_id: id }), teamMembers(m.team_id),
    m.notice_id ? listAll('area', { notice_id: m.notice_id }).catch(() => []) : Promise.resolve([])]);
  areas.sort((a, b) => a.ord - b.ord);
  const names = new Map(members.map(x => [x.person_id, x.person ? x.person.name : `人员 ${x.person_id}`]));
  for (const o of ops) if (o.about_id && !names.has(o.about_id)) names.set(o.about_id, await personName(o.about_id));
  const areaName = new Map(areas.map(a => [a.id, a.title]));
  const o = st.opinions || {};

  const fAbout = select('about', [['', '全部对象'], ['team', '班子'], ...members.map(x => [x.person_id, names.get(x.person_id)])], '', { 'aria-label': '针对对象' });
  const fArea = select('area', [['', '全部方面'], ['none', '未归类'], ...areas.map(a => [a.id, a.title])], '', { 'aria-label': '对照方面' });
  const fChan = select('channel', options(CHANNEL, '全部渠道'), '', { 'aria-label': '渠道' });
  const fFb = select('fed', [['', '反馈：全部'], ['yes', '已反馈'], ['no', '未反馈']], '', { 'aria-label': '反馈情况' });
  const fDup = select('dup', [['', '含重复'], ['no', '不含重复'], ['yes', '仅重复']], 'no', { 'aria-label': '重复' });
  const listBox = h('div', { id: 'opinion-list' });

  function rowOf(op) {
    const dupSel = select('dup', [['', '标为重复于…'], ...ops.filter(x => x.id !== op.id && !x.duplicate_of).map(x => [x.id, `#${x.id} ${x.text.slice(0, 18)}`])], '', { class: 'sm', 'aria-label': '标为重复' });
    dupSel.addEventListener('change', () => busy(dupSel, async () => {
      if (!dupSel.value) return;
      await update('opinion', op.id, { duplicate_of: Number(dupSel.value) }); op.duplicate_of = Number(dupSel.value);
      notify(`意见 #${op.id} 已标为重复`); draw();
    }));
    return h('article', { class: 'opinion' + (op.duplicate_of ? ' is-dup' : ''), 'data-opinion': op.id },
      h('div', { class: 'opinion-meta' },
        h('span', { class: 'op-no', text: `#${op.id}` }),
        badge(op.about_id ? `关于 ${names.get(op.about_id) || op.about_id}` : '关于班子', op.about_id ? 'blue' : 'red'),
        op.area_id ? h('span', { class: 'tag', text: areaName.get(op.area_id) || `方面 ${op.area_id}` }) : null,
        h('span', { class: 'tag', text: label(CHANNEL, op.channel) }),
        op.anonymous ? h('span', { class: 'tag', text: '匿名' }) : null,
        op.received_on ? h('span', { class: 'muted', text: op.received_on }) : null,
        op.duplicate_of ? badge(`重复于 #${op.duplicate_of}`, 'grey') : null),
      h('p', { class: 'opinion-text', text: op.text }),
      h('div', { class: 'opinion-actions' },
        op.feedback_on ? badge(`已于 ${op.feedback_on} 反馈`, 'green') :
          button('标记已反馈', (ev) => busy(ev.target, async () => {
            const d = today(); await update('opinion', op.id, { feedback_on: d }); op.feedback_on = d; notify('已标记反馈'); draw();
          }), 'btn btn-sm feedback-btn'),
        op.duplicate_of ? button('取消重复', (ev) => busy(ev.target, async () => {
          await update('opinion', op.id, { duplicate_of: null }); op.duplicate_of = null; draw();
        }), 'btn btn-sm btn-ghost') : dupSel,
        op.duplicate_of ? null : button('列入整改台账', (ev) => toLedger(ev.target, create, id, 'opinion', `opinion:${op.id}`, op.text, op.about_id), 'btn btn-sm btn-ghost to-ledger')));
  }
  const statsBox = h('div', { class: 'stats', id: 'opinion-stats' });
  function drawStats() {
    const live = ops.filter(x => !x.duplicate_of);
    statsBox.replaceChildren(
      stat('意见总数', `${live.length}`, `另有重复 ${ops.length - live.length} 条`),
      stat('关于班子', `${live.filter(x => !x.about_id).length}`), stat('关于成员', `${live.filter(x => x.about_id).length}`),
      stat('匿名', `${live.filter(x => Number(x.anonymous)).length}`),
      stat('已反馈', `${live.filter(x => x.feedback_on).length}`, null, live.length && live.every(x => x.feedback_on) ? 'ok' : ''));
  }
  function draw() {
    drawStats();
    let list = ops.slice();
    if (fAbout.value === 'team') list = list.filter(x => !x.about_id);
    else if (fAbout.value) list = list.filter(x => String(x.about_id) === fAbout.value);
    if (fArea.value === 'none') list = list.filter(x => !x.area_id);
    else if (fArea.value) list = list.filter(x => String(x.area_id) === fArea.value);
    if (fChan.value) list = list.filter(x => x.channel === fChan.value);
    if (fFb.value === 'yes') list = list.filter(x => x.feedback_on);
    if (fFb.value === 'no') list = list.filter(x => !x.feedback_on);
    if (fDup.value === 'no') list = list.filter(x => !x.duplicate_of);
    if (fDup.value === 'yes') list = list.filter(x => x.duplicate_of);
    clear(listBox).appendChild(h('p', { class: 'muted count', text: `显示 ${list.length} 条 / 共 ${ops.length} 条` }));
    if (!list.length) listBox.appendChild(h('p', { class: 'empty', text: '没有符合条件的意见' }));
    for (const op of list) listBox.appendChild(rowOf(op));
  }
  for (const s of [fAbout, fArea, fChan, fFb, fDup]) s.addEventListener('change', draw);
  draw();

  // entry form for opinions gathered at forums, forms, interviews
  const ef = h('form', { class: 'form grid3', id: 'opinion-form' },
    field('针对', select('about_id', [['', '班子'], ...members.map(x => [x.person_id, names.get(x.person_id)])], '')),
    field('渠道', select('channel', options(CHANNEL), 'forum')),
    field('对照方面', select('area_id', [['', '未归类'], ...areas.map(a => [a.id, a.title])], '')),
    h('div', { class: 'span3' }, field('意见内容', textarea('text', { required: true, rows: 3, maxlength: 5000 }))),
    field('收到日期', input('received_on', { type: 'date', value: today() })));
  const add = h('button', { type: 'submit', class: 'btn btn-primary', text: '录入意见' });
  ef.appendChild(h('div', { class: 'actions span3' }, add));
  ef.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(add, async () => {
      const v = formValues(ef);
      if (!v.text) { alertMsg('请填写意见内容'); return; }
      v.meeting_id = Number(id);
      for (const k of ['about_id', 'area_id']) if (v[k]) v[k] = Number(v[k]);
      const r = await create('opinion', v);
      ops.push({ id: r.id, ...v, anonymous: 0 }); ef.reset(); draw(); notify('意见已录入');
    });
  });

  const perMember = (o.per_member || []);
  return h('div', null,
    statsBox,
    perMember.length ? card('按成员统计', h('div', { class: 'chips' }, perMember.map(p => h('span', { class: 'chip', text: `${p.name} ${p.count} 条` })))) : null,
    card('意见列表', h('div', { class: 'filters' }, fAbout, fArea, fChan, fFb, fDup), listBox),
    card('录入意见（座谈会、征求意见表、个别访谈等）', ef));
}

// ---------------------------------------------------------------- talks
async function talks(id, st) {
  const m = st.meeting;
  const [members, oversees, tlist] = await Promise.all([
    teamMembers(m.team_id), listAll('oversee', { team_id: m.team_id }), listAll('talk', { meeting_id: id })]);
  const people = members.map(x => ({ id: x.person_id, name: x.person ? x.person.name : `人员 ${x.person_id}`, sub: x.position || (x.is_head ? '主要负责人' : '成员'), member: true }));
  const seen = new Set(people.map(p => p.id));
  const required = new Map(); // "a-b" -> reasons
  const key = (a, b) => a < b ? `${a}-${b}` : `${b}-${a}`;
  for (let i = 0; i < people.length; i++) for (let j = i + 1; j < people.length; j++) required.set(key(people[i].id, people[j].id), 'member');
  for (const ov of oversees) {
    let dept = null;
    try { dept = await record('org', ov.dept_id); } catch (e) { dept = null; }
    if (!dept || !dept.head_id || dept.head_id === ov.person_id) continue;
    if (!seen.has(dept.head_id)) {
      seen.add(dept.head_id);
      people.push({ id: dept.head_id, name: await personName(dept.head_id), sub: `${dept.name}负责人`, member: false });
    }
    required.set(key(ov.person_id, dept.head_id), 'oversees');
  }
  const missing = new Set((st.talks.missing || []).map(p => key(p.a_id, p.b_id)));
  for (const k of missing) if (!required.has(k)) required.set(k, 'member');
  const covered = new Map();
  for (const t of tlist) { const k = key(t.a_id, t.b_id); if (!covered.has(k)) covered.set(k, []); covered.get(k).push(t); }
  const nameOf = new Map(people.map(p => [p.id, p.name]));
  for (const t of tlist) for (const pid of [t.a_id, t.b_id]) if (!nameOf.has(pid)) nameOf.set(pid, await personName(pid));

  const meIn = people.some(p => p.id === session.user.id);
  const aSel = select('a_id', people.map(p => [p.id, p.name]), meIn ? session.user.id : '', { id: 'talk-a' });
  const bSel = select('b_id', people.map(p => [p.id, p.name]), (people.find(p => p.id !== Number(aSel.value)) || {}).id ?? '', { id: 'talk-b' });

  const grid = h('table', { class: 'matrix', id: 'talk-matrix' });
  grid.appendChild(h('thead', null, h('tr', null, h('th', { class: 'corner', text: '谈话人 \\ 对象' }),
    people.map(p => h('th', { class: 'col-head' + (p.member ? '' : ' dept') }, h('span', { text: p.name }))))));
  const tb = h('tbody');
  for (const r of people) {
    const tr = h('tr', null, h('th', { class: 'row-head' + (r.member ? '' : ' dept') }, h('span', { class: 'rh-name', text: r.name }), h('span', { class: 'rh-sub', text: r.sub })));
    for (const c of people) {
      if (r.id === c.id) { tr.appendChild(h('td', { class: 'cell self', 'aria-label': '本人' })); continue; }
      const k = key(r.id, c.id);
      const req = required.has(k), cov = covered.get(k);
      let cls = 'cell', text = '', title;
      if (cov) { cls += ' covered'; text = '✓'; title = `${r.name} 与 ${c.name}：已谈 ${cov.map(t => t.date).join('、')}`; }
      else if (req) { cls += ' missing'; text = '未谈'; title = `${r.name} 与 ${c.name}：必谈，尚未谈话（点击填入登记表）`; }
      else { cls += ' na'; title = '不属于必谈'; }
      if (req) cls += ' required';
      const td = h('td', { class: cls, title, 'aria-label': title, 'data-a': r.id, 'data-b': c.id, text });
      if (req && !cov) {
        const pick = () => { aSel.value = String(r.id); bSel.value = String(c.id); document.getElementById('talk-date').focus(); };
        td.tabIndex = 0;
        td.addEventListener('click', pick);
        td.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); pick(); } });
      }
      tr.appendChild(td);
    }
    tb.appendChild(tr);
  }
  grid.appendChild(tb);

  const tf = h('form', { class: 'form grid3', id: 'talk-form' },
    field('谈话人', aSel), field('谈话对象', bSel),
    field('日期', input('date', { type: 'date', value: today(), required: true, id: 'talk-date' })),
    field('方式', select('mode', options(TALK_MODE), 'face')),
    h('div', { class: 'span2' }, field('谈话要点（可选）', textarea('notes', { rows: 2 }))));
  const add = h('button', { type: 'submit', class: 'btn btn-primary', id: 'talk-add', text: '登记谈话' });
  tf.appendChild(h('div', { class: 'actions span3' }, add));
  tf.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(add, async () => {
      const v = formValues(tf);
      v.meeting_id = Number(id); v.a_id = Number(v.a_id); v.b_id = Number(v.b_id);
      if (v.a_id === v.b_id) { alertMsg('谈话人与谈话对象不能是同一人'); return; }
      await create('talk', v); notify('谈话已登记'); await render();
    });
  });

  const t = st.talks || {};
  return h('div', null,
    h('div', { class: 'stats' },
      stat('必谈对数', String(t.required ?? 0)), stat('已谈', String(t.covered ?? 0)),
      stat('覆盖率', t.percent === null || t.percent === undefined || t.percent < 0 ? '—' : `${t.percent}%`, null, t.percent >= 100 ? 'ok' : 'warn'),
      stat('未谈', String((t.missing || []).length), null, (t.missing || []).length ? 'danger' : 'ok')),
    card('谈心谈话覆盖矩阵', h('p', { class: 'legend' },
      h('span', { class: 'lg covered', text: '✓' }), ' 已谈 ',
      h('span', { class: 'lg missing', text: '未谈' }), ' 必谈但尚未谈话（点击可登记） ',
      h('span', { class: 'lg na' }), ' 不属于必谈'),
      h('div', { class: 'matrix-wrap' }, grid)),
    card('登记谈话', tf),
    card(`谈话记录（${tlist.length}）`, table([
      { label: '日期', cell: x => x.date },
      { label: '谈话人', cell: x => nameOf.get(x.a_id) },
      { label: '谈话对象', cell: x => nameOf.get(x.b_id) },
      { label: '方式', cell: x => label(TALK_MODE, x.mode) },
      { label: '要点', class: 'wide', cell: x => dash(x.notes) },
    ], tlist.slice().sort((a, b) => (b.date || '').localeCompare(a.date || '')))));
}

// ---------------------------------------------------------------- study
async function study(id) {
  const list = (await listAll('study', { meeting_id: id })).sort((a, b) => (a.date || '').localeCompare(b.date || ''));
  const f = h('form', { class: 'form grid3', id: 'study-form' },
    field('日期', input('date', { type: 'date', value: today(), required: true })),
    h('div', { class: 'span2' }, field('学习主题', input('topic', { required: true }))),
    h('div', { class: 'span3' }, field('参加人员', input('attendees', { placeholder: '如：班子全体成员' }))));
  const add = h('button', { type: 'submit', class: 'btn btn-primary', text: '添加学习研讨' });
  f.appendChild(h('div', { class: 'actions span3' }, add));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(add, async () => { const v = formValues(f); v.meeting_id = Number(id); await create('study', v); notify('已添加'); await render(); });
  });
  return h('div', null,
    card(`学习研讨（${list.length} 次）`, table([
      { label: '日期', cell: x => x.date }, { label: '学习主题', class: 'wide', cell: x => x.topic }, { label: '参加人员', cell: x => dash(x.attendees) },
    ], list, { empty: '尚未安排学习研讨' })),
    card('添加学习研讨', f));
}

// ---------------------------------------------------------------- materials
export function materialBadge(state) {
  const k = { final: 'green', submitted: 'blue', returned: 'red', draft: 'grey' }[state] || 'grey';
  return badge(label(MATERIAL_STATE, state || 'missing'), k);
}

async function materials(id, st) {
  const mat = st.materials || {};
  const rows = mat.members || [];
  const bs = mat.by_state || {};
  return h('div', null,
    h('div', { class: 'stats' }, ['draft', 'submitted', 'returned', 'final', 'missing'].map(k => stat(label(MATERIAL_STATE, k), String(bs[k] || 0), null, k === 'final' ? 'ok' : k === 'returned' && bs[k] ? 'danger' : ''))),
    card('成员对照检查材料', table([
      { label: '成员', cell: r => r.name },
      { label: '状态', cell: r => materialBadge(r.material_id ? r.state : 'missing') },
      { label: '当前版本', cell: r => r.current_version ? `第 ${r.current_version} 版` : '—' },
      { label: '重写期限', cell: r => dash(r.rewrite_due) },
      { label: '', cell: r => r.material_id ? h('a', { href: `#/material/${r.material_id}`, class: 'btn btn-sm', text: '查看' }) :
        button('建立材料', (ev) => busy(ev.target, async () => {
          const x = await create('material', { meeting_id: Number(id), person_id: r.person_id, kind: 'member' });
          location.hash = `#/material/${x.id}`;
        }), 'btn btn-sm') },
    ], rows, { empty: '班子尚无成员', rowAttrs: r => ({ 'data-person': r.person_id }) })),
    h('p', { class: 'muted', text: '对照检查材料须本人撰写（不得代写）。主要负责人和督导组审阅后可退回限期重写或定稿。' }));
}

// ---------------------------------------------------------------- opinion links
async function links(id) {
  let list = [];
  let unavailable = null;
  try { const r = await get(`/meetings/${id}/opinion-links`); list = Array.isArray(r) ? r : (r.items || []); }
  catch (e) {
    if (e.status === 404) unavailable = '意见征集链接功能暂不可用';
    else if (e.status === 403) unavailable = '意见征集链接由班子秘书或组织部门管理。';
    else throw e;
  }
  const closes = new Date(Date.now() + 7 * 864e5);
  const p = (n) => String(n).padStart(2, '0');
  const ci = input('closes_on', { type: 'date', value: `${closes.getFullYear()}-${p(closes.getMonth() + 1)}-${p(closes.getDate())}`, required: true, id: 'link-closes' });
  const mk = h('button', { type: 'submit', class: 'btn btn-primary', id: 'link-create', text: '生成链接' });
  const created = h('div', { id: 'link-created' });
  const f = h('form', { class: 'inline-form', onsubmit: (ev) => {
    ev.preventDefault();
    busy(mk, async () => {
      const r = await post(`/meetings/${id}/opinion-links`, { closes_on: ci.value });
      const url = location.origin + r.url;
      const box = input('url', { value: url, readonly: true, class: 'link-url', id: 'link-url', 'aria-label': '链接地址' });
      clear(created).appendChild(h('div', { class: 'link-box' },
        h('p', { text: '链接已生成。请复制后通过内部渠道发给干部职工：' }), box,
        button('复制链接', async (e2) => {
          box.select();
          try { await navigator.clipboard.writeText(url); notify('已复制'); } catch (e) { document.execCommand && document.execCommand('copy'); notify('已复制'); }
        }, 'btn')));
      list.push(r); drawList();
    });
  } }, field('截止日期', ci), mk);
  const listBox = h('div');
  function drawList() {
    clear(listBox).appendChild(table([
      { label: '链接', class: 'wide', cell: l => l.url ? h('code', { class: 'url', text: location.origin + l.url }) : h('span', { class: 'muted', text: `链接 #${l.id}` }) },
      { label: '截止日期', cell: l => dash(l.closes_on) },
      { label: '状态', cell: l => l.revoked || l.revoked_on ? badge('已撤销', 'grey') : (l.closes_on && l.closes_on < today() ? badge('已截止', 'grey') : badge('征集中', 'green')) },
      { label: '', cell: l => l.revoked || l.revoked_on ? '' : button('撤销', (ev) => busy(ev.target, async () => {
        if (!confirm('撤销后该链接将无法再提交意见，确定撤销？')) return;
        await del(`/opinion-links/${l.id}`); list = list.filter(x => x.id !== l.id); drawList(); notify('链接已撤销');
      }), 'btn btn-sm btn-danger-ghost') },
    ], list, { empty: '尚未生成链接', rowAttrs: l => ({ 'data-link': l.id }) }));
  }
  drawList();
  if (unavailable) return card('意见征集链接', h('p', { class: 'notice-box', text: unavailable }));
  return h('div', null,
    card('生成匿名意见征集链接', h('p', { class: 'muted', text: '通过链接提交的意见不记录账号、IP 地址或具体时间，提交人无法被追溯。链接地址只在生成时显示一次，请及时复制。' }), f, created),
    card('已生成的链接', listBox));
}
