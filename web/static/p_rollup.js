// The organizer's roll-up of every team it oversees: not-reported first.
import { h, card, table, badge, select, stat } from './ui.js';
import { get, qs } from './api.js';
import { go, hashQuery } from './app.js';
import { MEETING_STATUS, label } from './labels.js';
import { remindersCard } from './p_home.js';

const CHARTS = [
  ['ledger', '各班子整改台账完成情况'], ['areas', '按对照方面的整改台账完成情况'],
  ['trend', '历年整改台账完成情况'], ['talks', '各班子谈心谈话覆盖率']];

function yes(v, yesText, noText, warn) {
  return v ? badge(yesText, 'green') : badge(noText, warn ? 'red' : 'grey');
}

export function colorCounts(l) {
  l = l || {};
  const wrap = h('span', { class: 'color-counts' });
  for (const [k, t] of [['red', '红'], ['yellow', '黄'], ['blue', '蓝']]) {
    const n = l[k] || 0;
    wrap.appendChild(h('span', { class: `dot dot-${k}` + (n ? '' : ' dot-zero'), title: `${t}色预警 ${n} 项`, text: `${t} ${n}` }));
  }
  return wrap;
}

export async function rollupPage() {
  const year = hashQuery().get('year') || '';
  const r = await get('/rollup' + qs({ year }));
  const teams = (r.teams || []).map(t => ({ ...t,
    report_sent: t.report_sent ?? t.reported ?? !!t.report_sent_on,
    plan_sent: t.plan_sent ?? !!t.plan_sent_on,
    ledger: t.ledger || t.ledger_by_color || {} }));
  const cy = Number(r.year) || new Date().getFullYear();
  const years = [];
  for (let y = cy + 1; y >= cy - 4; y--) years.push([y, `${y}年度`]);
  const ys = select('year', years, cy, { class: 'inline', 'aria-label': '年度' });
  ys.addEventListener('change', () => go(`#/rollup?year=${ys.value}`));

  const n = teams.length;
  const cnt = (f) => teams.filter(f).length;
  const reported = cnt(t => t.report_sent);
  const red = teams.reduce((s, t) => s + ((t.ledger && t.ledger.red) || 0), 0);
  const stats = h('div', { class: 'stats' },
    stat('班子总数', String(n)),
    stat('方案已报', `${cnt(t => t.plan_sent)} / ${n}`),
    stat('会议已召开', `${cnt(t => t.held)} / ${n}`),
    stat('情况报告已报', `${reported} / ${n}`, n - reported ? `${n - reported} 个班子尚未报告` : '全部已报告', n - reported ? 'warn' : 'ok'),
    stat('红色预警整改项', String(red), red ? '已超过整改时限' : '无超期事项', red ? 'danger' : 'ok'));

  const tbl = table([
    { label: '班子', class: 'wide', cell: t => t.meeting_id ? h('a', { href: `#/meeting/${t.meeting_id}`, class: 'team-link', text: t.team_name }) : t.team_name },
    { label: '进度', cell: t => t.status === 'none' ? badge('未建会议', 'red')
      : badge(label(MEETING_STATUS, t.status || 'preparing'), t.status === 'reported' ? 'green' : t.status === 'held' ? 'blue' : t.status ? 'grey' : 'red') },
    { label: '方案', cell: t => yes(t.plan_sent, '已报', '未报', true) },
    { label: '会议', cell: t => yes(t.held, '已召开', '未召开') },
    { label: '情况报告', cell: t => t.report_sent ? (t.report_on_time === false ? badge('已报（逾期）', 'yellow') : badge('按时报送', 'green')) : badge('未报', t.held ? 'red' : 'grey') },
    { label: '谈话覆盖', cell: t => pct(t.talk_percent) },
    { label: '材料定稿', cell: t => `${t.materials_final ?? 0} / ${t.materials_total ?? 0}` },
    { label: '整改预警', cell: t => colorCounts(t.ledger) },
    { label: '', cell: t => t.meeting_id ? h('a', { href: `#/ledger/${t.meeting_id}`, class: 'small-link', text: '台账' }) : '' },
  ], teams, { class: 'rollup', empty: '本年度暂无班子数据', rowAttrs: t => ({ class: t.report_sent ? '' : 'row-pending', 'data-team': t.team_id }) });

  // server-drawn SVG charts (GET /api/v1/charts/KIND?year=Y), the same as in the reports
  const charts = h('div', { class: 'chart-grid' }, CHARTS.map(([kind, alt]) =>
    h('figure', { class: 'chart' },
      // the SVG carries its own title; alt names it for screen readers
      h('img', { src: `/api/v1/charts/${kind}?year=${encodeURIComponent(cy)}`, alt, class: 'chart-img', 'data-chart': kind, loading: 'lazy' }))));
  const mine = await remindersCard(true);

  return h('div', { class: 'page' },
    h('div', { class: 'page-head' },
      h('h1', { text: '各班子民主生活会进展汇总' }),
      h('div', { class: 'page-tools' }, h('label', { class: 'inline-label', text: '年度 ' }), ys,
        h('a', { href: '#/notices', class: 'btn btn-ghost', text: '年度通知' }))),
    stats,
    mine,
    card('班子列表（未报告的排在前面）', tbl),
    card('统计图表', charts));
}

function pct(v) {
  if (v === null || v === undefined || v < 0) return h('span', { class: 'muted', text: '—' });
  const bar = h('span', { class: 'bar' }, h('span', { class: 'bar-fill' + (v >= 100 ? ' full' : v < 60 ? ' low' : '') }));
  // width as a class step, no inline style (CSP)
  bar.firstChild.classList.add('w' + Math.min(10, Math.floor(v / 10)));
  return h('span', { class: 'pct' }, bar, h('span', { text: `${v}%` }));
}
export { pct };
