// The single-page application: session, top bar, hash router.
import { h, clear, clearAlerts, alertMsg, loading } from './ui.js';
import { get, post, setCsrf, setUnauthorizedHandler, forgetPeople, rememberPerson } from './api.js';
import { ROLE, label } from './labels.js';
import { loginPage, passwordPage } from './p_login.js';
import { homePage, minePage } from './p_home.js';
import { rollupPage } from './p_rollup.js';
import { noticesPage, noticePage } from './p_notice.js';
import { meetingPage } from './p_meeting.js';
import { recordPage } from './p_record.js';
import { materialPage } from './p_material.js';
import { ledgerPage } from './p_ledger.js';

export const session = { user: null, teams: [], csrf: null };

const routes = [
  [/^\/login$/, loginPage, { public: true }],
  [/^\/password$/, passwordPage],
  [/^\/?$/, homePage],
  [/^\/home$/, homePage],
  [/^\/mine$/, minePage],
  [/^\/rollup$/, rollupPage],
  [/^\/notices$/, noticesPage],
  [/^\/notice\/(new|\d+)$/, noticePage],
  [/^\/meeting\/(\d+)(?:\/(overview|opinions|talks|study|materials|links))?$/, meetingPage],
  [/^\/record\/(\d+)$/, recordPage],
  [/^\/material\/(\d+)$/, materialPage],
  [/^\/ledger\/(\d+)$/, ledgerPage],
];

export function go(hash) { if (location.hash === hash) render(); else location.hash = hash; }

export async function loadSession() {
  try {
    const me = await get('/me');
    session.user = me.user; session.teams = me.teams || []; session.csrf = me.csrf;
    setCsrf(me.csrf); rememberPerson(me.user);
  } catch (e) {
    session.user = null; session.teams = [];
    if (e.status !== 401) alertMsg(e.message);
  }
}

export function setSession(data) {
  session.user = data.user; session.csrf = data.csrf; setCsrf(data.csrf);
  forgetPeople(); rememberPerson(data.user);
}

export function isOrganizer() { return session.user && (session.user.role === 'organizer' || session.user.role === 'admin'); }

function renderChrome() {
  const nav = clear(document.getElementById('nav'));
  const box = clear(document.getElementById('userbox'));
  const u = session.user;
  document.body.classList.toggle('logged-out', !u);
  if (!u) return;
  const links = [];
  if (isOrganizer()) links.push(['#/rollup', '全局汇总'], ['#/notices', '年度通知']);
  if (session.teams.length || !isOrganizer()) links.push(['#/home', '我的班子']);
  links.push(['#/mine', '我的工作']);
  const cur = location.hash || '#/';
  for (const [href, text] of links) {
    nav.appendChild(h('a', { href, class: 'nav-link' + (cur.startsWith(href) ? ' active' : ''), text }));
  }
  box.appendChild(h('span', { class: 'user-name', id: 'user-name', text: u.name }));
  box.appendChild(h('span', { class: 'user-role', text: label(ROLE, u.role) }));
  box.appendChild(h('a', { href: '#/password', class: 'user-link', text: '修改密码' }));
  box.appendChild(h('button', { type: 'button', class: 'btn btn-ghost btn-sm', id: 'logout', text: '退出', onclick: logout }));
}

async function logout() {
  try { await post('/logout'); } catch (e) { /* the session is gone either way */ }
  session.user = null; session.teams = []; setCsrf(null); forgetPeople();
  go('#/login');
}

let renderSeq = 0;
let lastPath = null;
export async function render() {
  const seq = ++renderSeq;
  const path = (location.hash || '#/').slice(1).split('?')[0] || '/';
  const main = document.getElementById('main');
  // alerts belong to a page: a refresh of the same page keeps its messages
  if (path !== lastPath) clearAlerts();
  lastPath = path;
  let match = null;
  for (const [re, page, opts] of routes) {
    const m = path.match(re);
    if (m) { match = [page, m.slice(1), opts || {}]; break; }
  }
  if (!match) { renderChrome(); clear(main).appendChild(h('div', { class: 'card' }, h('h2', { text: '页面不存在' }), h('a', { href: '#/', text: '返回首页' }))); return; }
  const [page, params, opts] = match;
  if (!opts.public && !session.user) { location.hash = '#/login'; return; }
  renderChrome();
  clear(main).appendChild(loading());
  main.setAttribute('aria-busy', 'true');
  try {
    const node = await page(...params);
    if (seq !== renderSeq) return;
    clear(main);
    if (node) main.appendChild(node);
  } catch (e) {
    if (seq !== renderSeq) return;
    clear(main).appendChild(h('div', { class: 'card' }, h('h2', { text: '加载失败' }), h('p', { class: 'muted', text: e.message || String(e) })));
    alertMsg(e.message || String(e));
  } finally { if (seq === renderSeq) main.removeAttribute('aria-busy'); }
  window.scrollTo(0, 0);
}

// Query parameters after the hash path: #/rollup?year=2025
export function hashQuery() {
  const q = (location.hash.split('?')[1]) || '';
  return new URLSearchParams(q);
}

setUnauthorizedHandler(() => { session.user = null; if (!location.hash.startsWith('#/login')) location.hash = '#/login'; });

window.addEventListener('hashchange', render);
(async () => { await loadSession(); await render(); })();
