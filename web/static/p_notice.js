// The yearly notice (通知) editor: theme, deadlines and the areas to check against.
import { h, card, field, input, textarea, select, button, busy, saveVersioned, notify, table, formValues, dash, alertMsg } from './ui.js';
import { listAll, record, create, update, isStale, remove } from './api.js';
import { session, go, render } from './app.js';
import { MEETING_KIND, label, options } from './labels.js';

export async function noticesPage() {
  const notices = await listAll('notice', {});
  notices.sort((a, b) => (b.year - a.year) || (b.id - a.id));
  return h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('h1', { text: '年度通知' }),
      h('div', { class: 'page-tools' }, h('a', { href: '#/notice/new', class: 'btn btn-primary', id: 'new-notice', text: '新建通知' }))),
    card(null, table([
      { label: '年度', cell: n => `${n.year}年度` },
      { label: '类型', cell: n => label(MEETING_KIND, n.kind) },
      { label: '主题', class: 'wide', cell: n => h('a', { href: `#/notice/${n.id}`, text: n.title || n.theme }) },
      { label: '发文日期', cell: n => dash(n.issued_on) },
      { label: '会议时间窗口', cell: n => n.window_start || n.window_end ? `${dash(n.window_start)} 至 ${dash(n.window_end)}` : '—' },
    ], notices, { empty: '尚未发布通知' })));
}

const NUM_FIELDS = [
  ['plan_lead_days', '方案提前报送天数', '会议召开前多少天报送方案，常见 15/10/7 天'],
  ['report_due_days', '会后报告天数', '会议召开后多少天内报送情况报告，常见 15 天'],
  ['warn_days', '预警提前天数', '整改时限前多少天开始蓝色预警，常见 3 天'],
];

export async function noticePage(id) {
  const isNew = id === 'new';
  const n = isNew ? { year: new Date().getFullYear(), kind: 'dlm', plan_lead_days: 10, report_due_days: 15, warn_days: 3 } : await record('notice', id);
  const f = h('form', { class: 'form grid2', id: 'notice-form' },
    field('年度', input('year', { type: 'number', min: 2000, max: 2200, value: n.year, required: true })),
    field('会议类型', select('kind', options(MEETING_KIND), n.kind)),
    h('div', { class: 'span2' }, field('通知标题', input('title', { value: n.title || '', placeholder: '如：关于召开2025年度民主生活会的通知' }))),
    h('div', { class: 'span2' }, field('主题', textarea('theme', { value: n.theme || '', required: true, rows: 2 }))),
    field('发文日期', input('issued_on', { type: 'date', value: n.issued_on || '' })),
    h('div'),
    field('会议时间窗口起', input('window_start', { type: 'date', value: n.window_start || '' })),
    field('会议时间窗口止', input('window_end', { type: 'date', value: n.window_end || '' })),
    NUM_FIELDS.map(([k, l, hint]) => field(l, input(k, { type: 'number', min: 0, max: 90, value: n[k] ?? '' }), hint)));
  const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'notice-save', text: isNew ? '发布通知' : '保存' });
  f.appendChild(h('div', { class: 'actions span2' }, save));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    saveVersioned(save, f, isStale, render, async () => {
      const v = formValues(f, !isNew);
      if (isNew) {
        v.org_id = session.user.org_id;
        const r = await create('notice', v);
        notify('通知已发布');
        go(`#/notice/${r.id}`);
      } else {
        for (const k of Object.keys(v)) if (v[k] === '') v[k] = null;
        // with the version loaded: a change by someone else since -> 409, the form stays
        const r = await update('notice', id, v, n['@version']);
        n['@version'] = r['@version'];
        notify('已保存');
      }
    });
  });
  const page = h('div', { class: 'page' },
    h('div', { class: 'page-head' },
      h('div', null, h('a', { href: '#/notices', class: 'back', text: '‹ 年度通知' }),
        h('h1', { text: isNew ? '新建年度通知' : `${n.year}年度${label(MEETING_KIND, n.kind)}通知` }))),
    card('通知内容与期限', f));
  if (!isNew) { page.appendChild(await areasCard(id)); page.appendChild(await meetingsCard(n)); }
  else page.appendChild(card('对照方面', h('p', { class: 'muted', text: '发布通知后即可添加对照方面（如“在带头……方面”），并调整顺序。' })));
  return page;
}

async function areasCard(noticeId) {
  const body = h('div');
  const c = card('对照方面', h('p', { class: 'muted', text: '每年的对照方面由通知确定；成员材料须逐一对照。可调整顺序。' }), body);
  async function refresh() {
    const areas = (await listAll('area', { notice_id: noticeId })).sort((a, b) => a.ord - b.ord || a.id - b.id);
    body.replaceChildren();
    const list = h('ol', { class: 'area-list', id: 'area-list' });
    areas.forEach((a, i) => {
      const t = input('title', { value: a.title, 'aria-label': `对照方面 ${i + 1}` });
      const li = h('li', { class: 'area-row', 'data-area': a.id },
        h('span', { class: 'area-no', text: `（${'一二三四五六七八九十'[i] || i + 1}）` }), t,
        h('span', { class: 'area-tools' },
          button('↑', (ev) => busy(ev.target, () => swap(areas, i, i - 1)), 'btn btn-icon'),
          button('↓', (ev) => busy(ev.target, () => swap(areas, i, i + 1)), 'btn btn-icon'),
          button('保存', (ev) => saveVersioned(ev.target, li, isStale, refresh, async () => {
            const r = await update('area', a.id, { title: t.value.trim() }, a['@version']); a['@version'] = r['@version']; notify('已保存');
          }), 'btn btn-sm'),
          button('删除', (ev) => busy(ev.target, async () => { if (!confirm(`删除对照方面“${a.title}”？`)) return; await remove('area', a.id); await refresh(); }), 'btn btn-sm btn-danger-ghost')));
      if (i === 0) li.querySelector('.area-tools').firstChild.disabled = true;
      if (i === areas.length - 1) li.querySelector('.area-tools').children[1].disabled = true;
      list.appendChild(li);
    });
    if (!areas.length) body.appendChild(h('p', { class: 'muted', text: '尚未添加对照方面。' }));
    body.appendChild(list);
    const nt = input('title', { placeholder: '如：在带头深化理论武装方面', id: 'area-new' });
    const add = h('button', { type: 'submit', class: 'btn btn-primary', id: 'area-add', text: '添加' });
    body.appendChild(h('form', { class: 'inline-form', onsubmit: (ev) => {
      ev.preventDefault();
      if (!nt.value.trim()) { alertMsg('请填写对照方面'); return; }
      busy(add, async () => {
        const ord = areas.reduce((m, a) => Math.max(m, a.ord), 0) + 1;
        await create('area', { notice_id: Number(noticeId), ord, title: nt.value.trim() });
        await refresh();
        notify('已添加对照方面');
      });
    } }, nt, add));
  }
  async function swap(areas, i, j) {
    if (j < 0 || j >= areas.length) return;
    const a = areas[i], b = areas[j];
    let oa = a.ord, ob = b.ord;
    if (oa === ob) { oa = i + 1; ob = j + 1; }
    // (notice, ord) is unique: park one area on a free number while swapping
    const used = new Set(areas.map(x => x.ord));
    let park = 100;
    while (used.has(park) && park > 0) park--;
    await update('area', a.id, { ord: park });
    await update('area', b.id, { ord: oa });
    await update('area', a.id, { ord: ob });
    await refresh();
  }
  await refresh();
  return c;
}

// Every team under the issuing org gets its meeting for this notice.
async function meetingsCard(n) {
  const body = h('div', { id: 'notice-teams' });
  const c = card('所辖班子的会议', body);
  async function refresh() {
    const [teams, meetings] = await Promise.all([listAll('team', { superior_org_id: n.org_id }), listAll('meeting', { notice_id: n.id })]);
    const byTeam = new Map(meetings.map(m => [m.team_id, m]));
    const wantKind = n.kind === 'olm' ? 'branch' : 'leadership';
    const eligible = teams.filter(t => !t.kind || t.kind === wantKind);
    const missing = eligible.filter(t => !byTeam.has(t.id));
    body.replaceChildren();
    body.appendChild(h('p', { class: 'muted', text: `本通知适用于所辖${n.kind === 'olm' ? '党支部' : '领导班子'}共 ${eligible.length} 个，已建立会议 ${eligible.length - missing.length} 个。` }));
    if (missing.length) {
      const b = button(`为其余 ${missing.length} 个班子建立会议（筹备中）`, (ev) => busy(ev.target, async () => {
        for (const t of missing) await create('meeting', { team_id: t.id, notice_id: n.id, kind: n.kind, year: n.year });
        notify(`已为 ${missing.length} 个班子建立会议`);
        await refresh();
      }), 'btn btn-primary');
      b.id = 'notice-create-meetings';
      body.appendChild(h('div', { class: 'actions' }, b));
    }
    body.appendChild(table([
      { label: '班子', class: 'wide', cell: t => t.name },
      { label: '会议', cell: t => byTeam.has(t.id) ? h('a', { href: `#/meeting/${byTeam.get(t.id).id}`, text: '查看会议' }) : h('span', { class: 'muted', text: '尚未建立' }) },
    ], eligible, { empty: '没有所辖班子' }));
  }
  try { await refresh(); } catch (e) { body.replaceChildren(h('p', { class: 'muted', text: e.message })); }
  return c;
}
