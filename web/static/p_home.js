// Home: the user's teams and their meetings; "my items" for members.
import { h, card, table, badge, dash } from './ui.js';
import { listAll, get, personName } from './api.js';
import { session, isOrganizer, go } from './app.js';
import { MEETING_KIND, MEETING_STATUS, TEAM_KIND, MATERIAL_KIND, CHANNEL, label } from './labels.js';
import { materialBadge } from './p_meeting.js';
import { colorBadge, statusBadge } from './p_ledger.js';

const MY_ROLE = { secretary: '秘书', head: '主要负责人', member: '成员', organizer: '组织部门' };

const WHAT = { item: '整改事项', plan: '会议方案报送', report: '情况报告报送' };
const ROLE_TEXT = { owner: '责任人', leader: '责任领导', secretary: '秘书', head: '主要负责人' };

function whenText(e) {
  if (e.overdue) return `已逾期 ${-e.days_left} 天`;
  return e.days_left === 0 ? '今天到期' : `${e.days_left} 天后到期`;
}

// "我的提醒": the same digest as `mingjing remind` for this person
// (GET /api/v1/me/reminders). onlyIfAny: nothing when nothing is due.
export async function remindersCard(onlyIfAny) {
  let r;
  try { r = await get('/me/reminders'); } catch (e) { return onlyIfAny ? null : card('我的提醒', h('p', { class: 'muted', text: e.message })); }
  const entries = r.entries || [];
  if (!entries.length && onlyIfAny) return null;
  const list = entries.length ? h('ul', { class: 'remind-list' }, entries.map(e => h('li', {
    class: 'remind ' + (e.overdue ? 'remind-overdue' : 'remind-due'), 'data-what': e.what, 'data-id': e.id },
    badge(whenText(e), e.overdue ? 'red' : e.days_left <= 3 ? 'yellow' : 'blue'), ' ',
    h('span', { class: 'tag', text: e.team }), ' ',
    e.what === 'item'
      ? h('a', { href: `#/ledger/${e.meeting_id}?item=${e.id}`, class: 'remind-link', text: e.problem || WHAT.item })
      : h('a', { href: `#/meeting/${e.meeting_id}`, class: 'remind-link', text: WHAT[e.what] || e.what }),
    h('span', { class: 'muted', text: ` 截止 ${e.due}（${(e.roles || []).map(x => ROLE_TEXT[x] || x).join('、')}）` }))))
    : h('p', { class: 'muted', text: '目前没有到期或逾期的事项。' });
  const n = entries.filter(e => e.overdue).length;
  return h('section', { class: 'card reminders', id: 'reminders' },
    h('h2', { class: 'card-title', text: `我的提醒（${entries.length} 项${n ? `，其中逾期 ${n} 项` : ''}）` }), list);
}

export async function homePage() {
  if (location.hash === '' || location.hash === '#/' || location.hash === '#') {
    if (isOrganizer()) { go('#/rollup'); return null; }
  }
  const teams = session.teams || [];
  const page = h('div', { class: 'page' }, h('div', { class: 'page-head' },
    h('h1', { text: '我的班子' }),
    h('p', { class: 'muted', text: `${session.user.name}，您好。以下是您所在或负责的班子及其会议。` })));
  const rem = await remindersCard(false);
  if (rem) page.appendChild(rem);
  if (!teams.length) {
    page.appendChild(card(null, h('p', { class: 'muted', text: '您目前不在任何班子中。' })));
    return page;
  }
  const lists = await Promise.all(teams.map(t => listAll('meeting', { team_id: t.id }).catch(() => [])));
  teams.forEach((t, i) => {
    const meetings = lists[i].sort((a, b) => (b.year - a.year) || (b.id - a.id));
    page.appendChild(h('section', { class: 'card team-card', 'data-team': t.id },
      h('div', { class: 'card-title-row' },
        h('h2', { class: 'card-title', text: t.name }),
        h('span', { class: 'tag', text: label(TEAM_KIND, t.kind) }),
        t.my_role ? h('span', { class: 'tag tag-red', text: '我的身份：' + (MY_ROLE[t.my_role] || t.my_role) }) : null),
      meetings.length ? h('ul', { class: 'meeting-list' }, meetings.map(m => h('li', null,
        h('a', { class: 'meeting-link', href: `#/meeting/${m.id}`, text: `${m.year}年度${label(MEETING_KIND, m.kind)}` }),
        badge(label(MEETING_STATUS, m.status || 'preparing'), m.status === 'reported' ? 'green' : m.status === 'held' ? 'blue' : 'grey'),
        h('span', { class: 'muted', text: m.planned_date ? ` 计划 ${m.planned_date}` : ' 尚未确定日期' }),
        h('span', { class: 'links' },
          h('a', { href: `#/record/${m.id}`, text: '会议记录' }),
          h('a', { href: `#/ledger/${m.id}`, text: '整改台账' }))))) :
        h('p', { class: 'muted', text: '暂无会议。' })));
  });
  return page;
}

export async function minePage() {
  const items = await listAll('item', { owner_id: session.user.id });
  // warning colours come with the meeting ledgers, not with the bare records
  const colors = new Map();
  await Promise.all([...new Set(items.map(i => i.meeting_id))].map(async mid => {
    try {
      const r = await get(`/meetings/${mid}/ledger`);
      for (const it of (Array.isArray(r) ? r : r.items || [])) colors.set(it.id, it.color);
    } catch (e) { /* colours are a convenience */ }
  }));
  for (const i of items) if (!i.color) i.color = colors.get(i.id);
  items.sort((a, b) => (a.status === 'closed') - (b.status === 'closed') || (a.deadline || '9').localeCompare(b.deadline || '9'));
  const me = session.user.id;
  const safe = (p) => p.catch(() => null);
  const [mats, about, talksA, talksB] = await Promise.all([
    safe(listAll('material', { person_id: me })), safe(listAll('opinion', { about_id: me })),
    safe(listAll('talk', { a_id: me })), safe(listAll('talk', { b_id: me }))]);
  const page = h('div', { class: 'page' }, h('div', { class: 'page-head' },
    h('h1', { text: '我的工作' }),
    h('p', { class: 'muted', text: '由您负责的整改事项、本人的对照检查材料、关于您的意见和您参加的谈心谈话。' })));
  const open = items.filter(i => i.status !== 'closed');
  page.appendChild(card(`我的整改事项：待办 ${open.length} 项 / 共 ${items.length} 项`, table([
    { label: '预警', cell: r => r.status === 'closed' ? '—' : colorBadge(r.color) },
    { label: '问题', class: 'wide', cell: r => h('a', { href: `#/ledger/${r.meeting_id}?item=${r.id}`, class: 'item-problem', text: r.problem }) },
    { label: '完成时限', cell: r => dash(r.deadline) },
    { label: '状态', cell: r => statusBadge(r.status) },
  ], items, { empty: '暂无由您负责的整改事项', rowAttrs: r => ({ 'data-item': r.id }) })));
  const cols = h('div', { class: 'cols' });
  if (mats) cols.appendChild(card('我的对照检查材料', mats.length ? h('ul', { class: 'plain-list' }, mats.map(m =>
    h('li', null, h('a', { href: `#/material/${m.id}`, text: label(MATERIAL_KIND, m.kind) }), ' ', materialBadge(m.state || 'draft'),
      m.state === 'returned' && m.rewrite_due ? h('span', { class: 'muted', text: ` 须于 ${m.rewrite_due} 前重写` }) : null)))
    : h('p', { class: 'muted', text: '尚未建立材料。材料须本人撰写。' })));
  if (talksA || talksB) {
    const ts = [...(talksA || []), ...(talksB || [])].sort((a, b) => (b.date || '').localeCompare(a.date || ''));
    const names = new Map();
    for (const t of ts) { const o = t.a_id === me ? t.b_id : t.a_id; if (!names.has(o)) names.set(o, await personName(o)); }
    cols.appendChild(card(`我的谈心谈话（${ts.length}）`, ts.length ? h('ul', { class: 'plain-list' }, ts.slice(0, 12).map(t =>
      h('li', null, h('span', { class: 'muted', text: t.date + ' ' }), `与 ${names.get(t.a_id === me ? t.b_id : t.a_id)} 谈话`,
        h('a', { class: 'small-link', href: `#/meeting/${t.meeting_id}/talks`, text: ' 查看' })))) : h('p', { class: 'muted', text: '暂无谈话记录' })));
  }
  if (cols.children.length) page.appendChild(cols);
  if (about) page.appendChild(card(`关于我的意见（${about.length}）`, about.length ? h('div', null, about.map(o =>
    h('article', { class: 'opinion' }, h('div', { class: 'opinion-meta' }, h('span', { class: 'tag', text: label(CHANNEL, o.channel) }),
      o.feedback_on ? badge(`已于 ${o.feedback_on} 反馈`, 'green') : null), h('p', { class: 'opinion-text', text: o.text }))))
    : h('p', { class: 'muted', text: '暂无关于您的意见' })));
  return page;
}
