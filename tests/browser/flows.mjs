// Real-browser flows through the mingjing web interface, in Debian's chromium
// driven by playwright-core. Usage: node flows.mjs BASE_URL [FIXTURE_JSON]
// Prints one "ok - …" / "not ok - …" / "skip - …" line per step (TAP-like, as
// tests/run.sh counts them) and writes screenshots to tests/browser/out/.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const base = (process.argv[2] || 'http://127.0.0.1:8080').replace(/\/$/, '');
const fx = process.argv[3] ? JSON.parse(readFileSync(process.argv[3], 'utf8')) : {};
const out = join(here, 'out');
mkdirSync(out, { recursive: true });
const exe = process.env.CHROMIUM || '/usr/bin/chromium';
const users = fx.users || {
  organizer: { login: 'wangmin', password: 'Test-pass-2026', name: '王敏' },
  secretary: { login: 'liqiang', password: 'Test-pass-2026', name: '李强' },
  member: { login: 'zhanghua', password: 'Test-pass-2026', name: '张华' },
};
const meetingId = fx.meeting_id || 1;
const noticeId = fx.notice_id || 1;
const itemProblem = fx.item_problem || '调查研究不够深入';
// generous: the test machine may be busy (chromium starved of CPU is slow, not wrong)
const T = Number(process.env.MJ_BROWSER_TIMEOUT || 30000);

let passed = 0, failed = 0, skipped = 0;
const problems = []; // console errors and CSP violations, per page
function ok(n) { passed++; console.log(`ok - ${n}`); }
function notok(n, why) { failed++; console.log(`not ok - ${n}`); if (why) console.log('  ' + String(why).split('\n').slice(0, 4).join('\n  ')); }
function skip(n) { skipped++; console.log(`skip - ${n}`); }

class Skip extends Error {}
async function step(name, page, fn) {
  try { await fn(); ok(name); }
  catch (e) {
    if (e instanceof Skip) { skip(`${name}: ${e.message}`); return; }
    notok(name, e.message);
    if (page) await page.screenshot({ path: join(out, `fail-${name.replace(/[^\w\u4e00-\u9fff]+/g, '_').slice(0, 40)}.png`), fullPage: true }).catch(() => {});
  }
}
function assert(c, msg) { if (!c) throw new Error(msg); }

const profile = mkdtempSync(join(tmpdir(), 'mj-chromium-'));
let browser;
try {
  browser = await chromium.launch({
    executablePath: exe, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage', '--lang=zh-CN'],
    // playwright gives chromium a fresh temporary --user-data-dir of its own
    // (it refuses one in args); the profile dir below holds its temp files.
    env: { ...process.env, TMPDIR: profile, LANG: 'zh_CN.UTF-8', LANGUAGE: 'zh_CN:zh' },
  });
} catch (e) {
  console.log(`skip - chromium could not start: ${e.message.split('\n')[0]}`);
  process.exit(0);
}

async function newPage(label, viewport = { width: 1366, height: 900 }) {
  const ctx = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: false });
  ctx.setDefaultTimeout(T);
  ctx.setDefaultNavigationTimeout(2 * T);
  const page = await ctx.newPage();
  page.on('console', m => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`${label}: ${m.text()}`); });
  page.on('pageerror', e => problems.push(`${label}: page error ${e.message}`));
  return page;
}
async function shot(page, name) { await page.evaluate(() => window.scrollTo(0, 0)); await page.screenshot({ path: join(out, `${name}.png`), fullPage: true }); }

async function login(page, who) {
  const u = users[who];
  await page.goto(`${base}/#/login`);
  await page.waitForSelector('#login-name', { timeout: T });
  await page.fill('#login-name', u.login);
  await page.fill('#login-password', u.password);
  await page.click('#login-submit');
  await page.waitForSelector('#user-name', { timeout: T });
  const name = await page.textContent('#user-name');
  assert(name.includes(u.name), `top bar shows "${name}", expected ${u.name}`);
}
async function api(page, method, path, body) {
  return page.evaluate(async ([method, path, body]) => {
    const me = await (await fetch('/api/v1/me')).json();
    const r = await fetch('/api/v1' + path, { method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf }, body: body ? JSON.stringify(body) : undefined });
    let data = null; try { data = await r.json(); } catch (e) { /* empty */ }
    return { status: r.status, data };
  }, [method, path, body]);
}
async function alertText(page) { return (await page.locator('.alert').allTextContents()).join(' '); }
async function noErrorAlert(page) { const a = await page.locator('.alert-error').allTextContents(); assert(!a.length, `error shown: ${a.join(' ')}`); }

// ---------------------------------------------------------------- flows
const pub = await newPage('public');
await step('login page renders in Chinese', pub, async () => {
  await pub.goto(`${base}/`);
  await pub.waitForSelector('#login-name', { timeout: T });
  const t = await pub.textContent('.login-panel');
  assert(t.includes('登录') && t.includes('明镜'), 'login panel text missing');
  await shot(pub, '01-login');
});
if (failed) {
  // the application did not even start: say why once instead of timing out in every step
  notok('the application starts (no module or script error)', problems.join('\n') || 'login page never rendered');
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
  console.log(`# browser flows: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(1);
}
await step('wrong password shows the API error message', pub, async () => {
  await pub.fill('#login-name', users.organizer.login);
  await pub.fill('#login-password', 'wrong-password');
  await pub.click('#login-submit');
  await pub.waitForSelector('.alert-error', { timeout: T });
  assert((await alertText(pub)).trim().length > 0, 'empty alert');
});

// organizer: roll-up and notice editor
const org = await newPage('organizer');
await step('organizer logs in and sees the roll-up', org, async () => {
  await login(org, 'organizer');
  await org.waitForURL(/#\/rollup/, { timeout: T });
  await org.waitForSelector('table.rollup tbody tr[data-team]', { timeout: T });
  const t = await org.textContent('table.rollup');
  assert(t.includes(fx.team_name || '领导班子'), 'team missing from roll-up');
  assert(t.includes('未报'), 'plan/report not-sent badge missing');
  const rows = await org.locator('table.rollup tbody tr[data-team]').allTextContents();
  if (rows.length > 1) assert(rows[rows.length - 1].includes('按时报送') || !rows.some(r => r.includes('按时报送')), 'reported team is not listed after the others');
  await shot(org, '02-rollup');
});
await step('roll-up shows the four server-drawn charts', org, async () => {
  await org.waitForSelector('img.chart-img', { timeout: T });
  await org.locator('img.chart-img').last().scrollIntoViewIfNeeded();
  await org.waitForFunction(() => { const im = [...document.querySelectorAll('img.chart-img')];
    return im.length === 4 && im.every(i => i.complete && i.naturalWidth > 0); }, null, { timeout: T });
  const kinds = await org.locator('img.chart-img').evaluateAll(im => im.map(i => i.dataset.chart).join(','));
  assert(kinds === 'ledger,areas,trend,talks', `charts: ${kinds}`);
  const svg = await api(org, 'GET', '/charts/ledger');
  assert(svg.status === 200, `chart API status ${svg.status}`);
  await shot(org, '02b-rollup-charts');
});
await step('organizer edits the notice: adds and reorders an area', org, async () => {
  await org.goto(`${base}/#/notice/${noticeId}`);
  await org.waitForSelector('#area-list', { timeout: T });
  const before = await org.locator('#area-list li').count();
  await org.fill('#area-new', '在带头严守纪律规矩方面（浏览器测试）');
  await org.click('#area-add');
  await org.waitForFunction(n => document.querySelectorAll('#area-list li').length === n + 1, before, { timeout: T });
  const last = org.locator('#area-list li').last();
  await last.locator('button', { hasText: '↑' }).click();
  await org.waitForFunction(() => { const li = document.querySelectorAll('#area-list li'); return li.length > 1 && li[li.length - 2].querySelector('input').value.includes('浏览器测试'); }, null, { timeout: T });
  await noErrorAlert(org);
});
await step('organizer creates the meetings of teams that have none', org, async () => {
  await org.waitForSelector('#notice-teams table', { timeout: T });
  const b = org.locator('#notice-create-meetings');
  if (!(await b.count())) throw new Skip('every team already has its meeting: ' + (await org.textContent('#notice-teams')).slice(0, 80));
  await b.click();
  await org.locator('#notice-teams p', { hasText: '已建立会议' }).waitFor({ timeout: T });
  await org.waitForFunction(() => !document.querySelector('#notice-create-meetings') && !/尚未建立/.test(document.querySelector('#notice-teams').textContent), null, { timeout: T });
  await noErrorAlert(org);
  await shot(org, '03-notice');
});

// a responsible person: the home page lists the same reminders as `mingjing remind`
if (users.owner) {
  const own = await newPage('owner');
  await step('responsible person sees the reminders on the home page', own, async () => {
    await login(own, 'owner');
    await own.goto(`${base}/#/home`);
    await own.waitForSelector('#reminders li.remind', { timeout: T });
    const items = await own.locator('#reminders li.remind').allTextContents();
    const r = await api(own, 'GET', '/me/reminders');
    assert(r.status === 200 && r.data && Array.isArray(r.data.entries), `reminders API: ${r.status}`);
    assert(items.length === r.data.entries.length, `${items.length} shown, ${r.data.entries.length} from the API`);
    r.data.entries.forEach((e, i) => assert(items[i].includes(e.problem || '') && items[i].includes(e.due), `entry ${i}: ${items[i]}`));
    assert(items.some(t => t.includes('已逾期')), 'an overdue item is marked: ' + items.join(' | '));
    await shot(own, '02c-home-reminders');
  });
}

// secretary: own meeting, opinion link, opinions, talks, materials, record
const sec = await newPage('secretary');
let linkUrl = null;
await step('secretary logs in and sees own meeting', sec, async () => {
  await login(sec, 'secretary');
  await sec.waitForSelector('.team-card', { timeout: T });
  await sec.click(`.team-card a.meeting-link[href="#/meeting/${meetingId}"]`);
  await sec.waitForSelector('#meeting-title', { timeout: T });
  await sec.waitForSelector('.stats .stat', { timeout: T });
  await shot(sec, '04-meeting');
});
await step('secretary records the plan as sent', sec, async () => {
  const b = sec.locator('button', { hasText: '今日报送方案' });
  await b.click();
  await sec.locator('.deflist .badge', { hasText: '已于' }).first().waitFor({ timeout: T });
  await noErrorAlert(sec);
});
await step('secretary creates an anonymous opinion link', sec, async () => {
  await sec.goto(`${base}/#/meeting/${meetingId}/links`);
  await sec.waitForSelector('#link-create', { timeout: T });
  await sec.click('#link-create');
  await sec.waitForSelector('#link-url', { timeout: T });
  linkUrl = await sec.inputValue('#link-url');
  assert(/\/o\/[^/]+$/.test(linkUrl), `bad link ${linkUrl}`);
  await shot(sec, '05-links');
});
const anonText = '建议减少会议文山，<b>多下基层</b>调研。';
const anon = await newPage('anonymous', { width: 390, height: 844 });
await step('anonymous opinion submitted through /o/<token> (phone size)', anon, async () => {
  if (!linkUrl) throw new Skip('no link was created');
  await anon.goto(linkUrl);
  await anon.waitForSelector('#anon-form', { timeout: T });
  const t = await anon.textContent('main');
  assert(t.includes('不记录'), 'reassurance text missing');
  const opts = await anon.locator('#anon-about option').count();
  assert(opts >= 2, 'member choices missing');
  await anon.selectOption('#anon-about', { index: 1 });
  if (await anon.locator('#anon-area option').count() > 1) await anon.selectOption('#anon-area', { index: 1 });
  await anon.fill('#anon-text', anonText);
  const c = await anon.textContent('#anon-counter');
  assert(c.startsWith(`${Array.from(anonText).length} /`), `counter shows ${c}`);
  await shot(anon, '06-anon-form');
  await anon.click('#anon-submit');
  await anon.waitForSelector('#anon-thanks', { timeout: T });
  await shot(anon, '07-anon-thanks');
  const cookies = await anon.context().cookies();
  assert(!cookies.length, 'anonymous page set a cookie');
});
await step('the anonymous opinion appears, inert, and is marked fed back', sec, async () => {
  await sec.goto(`${base}/#/meeting/${meetingId}/opinions`);
  await sec.waitForSelector('#opinion-list', { timeout: T });
  const byText = () => sec.locator('.opinion').filter({ has: sec.locator('.opinion-text', { hasText: '多下基层' }) }).first();
  const op = byText();
  await op.waitFor({ timeout: T });
  assert((await op.locator('.opinion-text').textContent()).includes('<b>多下基层</b>'), 'markup not shown literally');
  assert(await op.locator('b').count() === 0, 'user markup was rendered as HTML');
  assert((await op.textContent()).includes('匿名'), 'not tagged anonymous');
  await op.locator('.feedback-btn').click();
  await byText().locator('.badge', { hasText: '已于' }).waitFor({ timeout: T });
  await noErrorAlert(sec);
  await shot(sec, '08-opinions');
});
await step('secretary marks a duplicate opinion', sec, async () => {
  const target = sec.locator('.opinion').filter({ has: sec.locator('.opinion-text', { hasText: '多下基层' }) }).first();
  const sel = target.locator('select[name=dup]');
  const opts = await sel.locator('option').count();
  if (opts < 2) throw new Skip('only one opinion, nothing to mark');
  await sel.selectOption({ index: 1 });
  await sec.locator('.alert-success', { hasText: '重复' }).waitFor({ timeout: T });
  await sec.selectOption('select[name=dup][aria-label=重复]', 'yes');
  await sec.locator('.opinion.is-dup').first().waitFor({ timeout: T });
  await sec.selectOption('select[name=dup][aria-label=重复]', 'no');
});
await step('secretary revokes the opinion link; the form then refuses', sec, async () => {
  if (!linkUrl) throw new Skip('no link was created');
  await sec.goto(`${base}/#/meeting/${meetingId}/links`);
  const row = sec.locator('tr[data-link]').first();
  await row.waitFor({ timeout: T });
  sec.once('dialog', d => d.accept());
  await row.locator('button', { hasText: '撤销' }).click();
  await sec.locator('.alert-success', { hasText: '撤销' }).waitFor({ timeout: T });
  await anon.goto(linkUrl);
  await anon.waitForSelector('text=无法打开', { timeout: T });
});
await step('secretary records a talk from the coverage matrix', sec, async () => {
  await sec.goto(`${base}/#/meeting/${meetingId}/talks`);
  await sec.waitForSelector('#talk-matrix', { timeout: T });
  const missingBefore = await sec.locator('#talk-matrix td.missing').count();
  assert(missingBefore > 0, 'no missing pair highlighted');
  await shot(sec, '09-talks');
  await sec.locator('#talk-matrix td.missing').first().click();
  await sec.click('#talk-add');
  await sec.waitForFunction(n => document.querySelectorAll('#talk-matrix td.missing').length === n - 2, missingBefore, { timeout: T });
  await noErrorAlert(sec);
});
await step('study session added', sec, async () => {
  await sec.goto(`${base}/#/meeting/${meetingId}/study`);
  await sec.waitForSelector('#study-form', { timeout: T });
  await sec.fill('#study-form input[name=topic]', '集中学习党章和有关规定');
  await sec.click('#study-form button[type=submit]');
  await sec.locator('td', { hasText: '集中学习党章' }).first().waitFor({ timeout: T });
});
await step('materials list shows every member with a state', sec, async () => {
  await sec.goto(`${base}/#/meeting/${meetingId}/materials`);
  await sec.waitForSelector('tr[data-person]', { timeout: T });
  await shot(sec, '10-materials');
});
// material: the member uploads a file, the head returns it with a reason and
// a deadline, the member uploads version 2, the organizer approves (定稿)
const matFile = (extra) => {
  const f = join(out, `material-${extra ? 2 : 1}.md`);
  writeFileSync(f, ['# 个人对照检查材料', '', '现将对照检查情况报告如下。', '', '一、上年度整改措施落实情况', '', '上年度问题已整改。', '',
    '二、存在的问题', '', '（一）在带头深化理论武装方面', '', '一是理论学习不够系统。今年只参加了两次集中学习。二是调研不够深入。没有到项目现场核实。', '',
    extra ? '三是督导落实不够有力。十月份一次督办会议准备不足。\n' : '', '三、原因剖析', '', '宗旨意识有所淡化。', '', '四、整改措施', '', '加强学习，深入调研。', ''].join('\n'));
  return f;
};
let materialUrl = null;
const mm = await newPage('material-member');
await step('member uploads a material file', mm, async () => {
  await login(mm, 'member');
  await mm.goto(`${base}/#/meeting/${meetingId}/materials`);
  const row = mm.locator('tr[data-person]').filter({ hasText: users.member.name }).first();
  await row.waitFor({ timeout: T });
  const view = row.locator('a', { hasText: '查看' });
  if (await view.count()) await view.click(); else await row.locator('button', { hasText: '建立材料' }).click();
  await mm.waitForSelector('#material-file', { timeout: T });
  materialUrl = mm.url();
  await mm.setInputFiles('#material-file', matFile(false));
  await mm.click('#material-file ~ button[type=submit]');
  await mm.locator('td', { hasText: '第 1 版' }).first().waitFor({ timeout: T });
  await mm.locator('#material-state', { hasText: '已提交' }).waitFor({ timeout: T });
  await noErrorAlert(mm);
});
const hd = await newPage('material-head');
await step('head returns the material with a reason and deadline', hd, async () => {
  if (!materialUrl) throw new Skip('no material uploaded');
  users.head = users.head || { login: fx.head_login || 'chenzr', password: users.organizer.password, name: fx.head_name || '陈主任' };
  await login(hd, 'head');
  await hd.goto(materialUrl);
  await hd.waitForSelector('#return-reason', { timeout: T });
  await hd.fill('#return-reason', '对照方面（二）未查找问题，请补充具体事例');
  await hd.fill('#return-due', '2026-12-05');
  await hd.click('#material-return');
  await hd.waitForSelector('.returned-reason', { timeout: T });
  await noErrorAlert(hd);
});
await step('member uploads version 2 and compares the versions', mm, async () => {
  if (!materialUrl) throw new Skip('no material uploaded');
  await mm.goto(materialUrl);
  await mm.reload();
  await mm.waitForSelector('.returned-reason', { timeout: T });
  await mm.setInputFiles('#material-file', matFile(true));
  await mm.click('#material-file ~ button[type=submit]');
  await mm.locator('td', { hasText: '第 2 版' }).first().waitFor({ timeout: T });
  await mm.click('#diff-run');
  await mm.locator('#material-diff .diff-added li', { hasText: '督导落实不够有力' }).waitFor({ timeout: T });
  const href = await mm.locator('a', { hasText: 'Word' }).first().getAttribute('href');
  const r = await mm.evaluate(async (u) => { const x = await fetch(u); const b = new Uint8Array(await x.arrayBuffer()); return [x.status, String.fromCharCode(b[0], b[1])]; }, href);
  assert(r[0] === 200 && r[1] === 'PK', `Word download: ${r}`);
  await noErrorAlert(mm);
});
await step('organizer approves the material (定稿)', org, async () => {
  if (!materialUrl) throw new Skip('no material uploaded');
  await org.goto(materialUrl);
  await org.reload();
  await org.waitForSelector('#material-approve', { timeout: T });
  org.once('dialog', d => d.accept());
  await org.click('#material-approve');
  await org.locator('#material-state', { hasText: '定稿' }).waitFor({ timeout: T });
  await org.waitForSelector('#material-to-ledger', { timeout: T });
  await noErrorAlert(org);
  await shot(org, '11-material');
});
await step('attendance recorded with the quorum shown live', sec, async () => {
  await sec.goto(`${base}/#/record/${meetingId}`);
  await sec.waitForSelector('#attendance-table', { timeout: T });
  const rows = sec.locator('#attendance-table tbody tr');
  const n = await rows.count();
  assert(n >= 3, `only ${n} attendance rows`);
  for (let i = 0; i < n; i++) { await rows.nth(i).locator('input[name=should_attend]').check(); await rows.nth(i).locator('input[name=attended]').uncheck(); }
  assert((await sec.textContent('#quorum')).includes('未达到'), 'quorum should not be met with nobody present');
  for (let i = 0; i < n - 1; i++) await rows.nth(i).locator('input[name=attended]').check();
  await rows.nth(n - 1).locator('input[name=absence_reason]').fill('因公出差（经批准）');
  const q = await sec.textContent('#quorum');
  assert(q.includes('达到法定人数') && !q.includes('未达到'), `quorum text: ${q}`);
  await sec.click('#attendance-save');
  await sec.locator('.alert-success', { hasText: '出席' }).waitFor({ timeout: T });
  await noErrorAlert(sec);
});
await step('criticism recorded (who → whom)', sec, async () => {
  await sec.fill('#crit-text', '调研多在机关，深入基层一线不够。');
  await sec.click('#crit-add');
  await sec.locator('#criticism-list li', { hasText: '深入基层一线不够' }).waitFor({ timeout: T });
  assert((await sec.textContent('#criticism-list')).includes('→'), 'who → whom missing');
  await shot(sec, '12-record');
});
await step('the roll-up now shows the plan as sent', org, async () => {
  await org.goto(`${base}/#/rollup`);
  await org.waitForSelector('table.rollup tbody tr[data-team]', { timeout: T });
  const row = org.locator('table.rollup tbody tr[data-team]').first();
  const cells = await row.locator('td').allTextContents();
  assert(cells[2].includes('已报'), `plan cell: ${cells[2]}`);
});
await step('a criticism becomes a ledger item of its receiver', sec, async () => {
  const li = sec.locator('#criticism-list li', { hasText: '深入基层一线不够' }).first();
  await li.locator('button.to-ledger').click();
  await li.locator('a.badge', { hasText: '已列入整改台账' }).waitFor({ timeout: T });
  await sec.goto(`${base}/#/ledger/${meetingId}`);
  const item = sec.locator('article.item', { hasText: '深入基层一线不够' }).first();
  await item.waitFor({ timeout: T });
  assert((await item.textContent()).includes('相互批评'), 'source not shown as 相互批评');
});
// member: own items, progress, finish
const mem = await newPage('member');
await step('member logs in and sees own items', mem, async () => {
  await login(mem, 'member');
  await mem.goto(`${base}/#/mine`);
  await mem.locator('.item-problem', { hasText: itemProblem }).first().waitFor({ timeout: T });
  await mem.waitForSelector('text=我的对照检查材料', { timeout: T });
  await shot(mem, '13-mine');
});
await step('member adds progress, starts and finishes the item', mem, async () => {
  await mem.locator('.item-problem', { hasText: itemProblem }).first().click();
  const item = mem.locator('article.item', { hasText: itemProblem }).first();
  await item.waitFor({ timeout: T });
  await item.locator('.item-detail:not([hidden])').waitFor({ timeout: T });
  await item.locator('.note-form textarea').fill('已完成两次基层蹲点调研，形成调研报告一篇。');
  await item.locator('.note-form button[type=submit]').click();
  await item.locator('.timeline li', { hasText: '蹲点调研' }).waitFor({ timeout: T });
  const start = item.locator('button[data-action=start]');
  if (await start.count()) {
    await start.click();
    await mem.locator('.alert-success').first().waitFor({ timeout: T });
    // the page is drawn again after the notice: wait for the new card, or a
    // note typed now goes into the old one (a slow server showed that race)
    await mem.locator('article.item', { hasText: itemProblem }).first().locator('.badge', { hasText: '整改中' }).waitFor({ timeout: T });
  }
  const it2 = mem.locator('article.item', { hasText: itemProblem }).first();
  const tog = it2.locator('.item-toggle');
  if (await it2.locator('.item-detail[hidden]').count()) await tog.click();
  await it2.locator('button[data-action=finish]').waitFor({ timeout: T });
  await it2.locator('textarea[name=note]').fill('调研报告已印发，问题整改到位。');
  await it2.locator('button[data-action=finish]').click();
  await mem.locator('article.item', { hasText: itemProblem }).first().locator('.badge', { hasText: '已整改' }).waitFor({ timeout: T });
  await noErrorAlert(mem);
  await shot(mem, '14-ledger-member');
});

// organizer closes it
await step('organizer closes (销号) the finished item', org, async () => {
  await org.goto(`${base}/#/ledger/${meetingId}`);
  await org.waitForSelector('#ledger-list article.item', { timeout: T });
  await shot(org, '15a-ledger-before-close');
  const item = org.locator('article.item', { hasText: itemProblem }).first();
  await item.locator('.item-toggle').click();
  await item.locator('button[data-action=close]').waitFor({ timeout: T });
  await item.locator('button[data-action=close]').click();
  await org.locator('article.item', { hasText: itemProblem }).first().locator('.badge', { hasText: '已销号' }).waitFor({ timeout: T });
  await noErrorAlert(org);
});
await step('supervisor (organizer) records a comment on the meeting', org, async () => {
  await org.goto(`${base}/#/record/${meetingId}`);
  await org.waitForSelector('#oversight-text', { timeout: T });
  await org.fill('#oversight-text', '查摆问题较为具体，批评辣味足，整改措施需进一步细化。');
  await org.locator('#oversight-text').locator('xpath=ancestor::form').locator('button[type=submit]').click();
  await org.locator('#oversight-list li', { hasText: '辣味足' }).waitFor({ timeout: T });
  await noErrorAlert(org);
  await shot(org, '12b-record-organizer');
});
await step('organizer reopens the closed item with a reason', org, async () => {
  await org.goto(`${base}/#/ledger/${meetingId}`);
  await org.waitForSelector('#ledger-list article.item', { timeout: T });
  const item = () => org.locator('article.item', { hasText: itemProblem }).first();
  await item().locator('.item-toggle').click();
  await item().locator('button[data-action=reopen]').waitFor({ timeout: T });
  await item().locator('textarea[name=note]').fill('复查发现调研成果转化不足，重新整改。');
  await item().locator('button[data-action=reopen]').click();
  await org.locator('.alert-success', { hasText: '重新打开' }).waitFor({ timeout: T });
  await org.waitForFunction(p => { const a = [...document.querySelectorAll('article.item')].find(e => e.textContent.includes(p)); return a && !a.querySelector('.item-head').textContent.includes('已销号'); }, itemProblem, { timeout: T });
  await item().locator('.timeline li', { hasText: '重新整改' }).waitFor({ timeout: T });
  await noErrorAlert(org);
});
await step('ledger filters by colour', org, async () => {
  await org.goto(`${base}/#/ledger/${meetingId}`);
  await org.waitForSelector('#ledger-list article.item', { timeout: T });
  await org.selectOption('#filter-color', 'red');
  await org.waitForFunction(() => !document.querySelector('#ledger-list .loading'), null, { timeout: T });
  const colors = await org.locator('#ledger-list article.item').evaluateAll(els => els.map(e => e.className));
  assert(colors.every(c => c.includes('item-c-red')), `non-red items after filter: ${colors.join(',')}`);
  await org.selectOption('#filter-color', '');
  await org.waitForFunction(() => !document.querySelector('#ledger-list .loading'), null, { timeout: T });
  await shot(org, '15-ledger');
});
await step('roll-up on a phone-size screen', null, async () => {
  const ph = await newPage('phone', { width: 390, height: 844 });
  await login(ph, 'organizer');
  await ph.waitForSelector('table.rollup tbody tr', { timeout: T });
  const w = await ph.evaluate(() => document.documentElement.scrollWidth);
  assert(w <= 400, `page scrolls sideways: ${w}px wide`);
  await shot(ph, '16-rollup-phone');
});
await step('logout returns to the login page', org, async () => {
  await org.click('#logout');
  await org.waitForSelector('#login-name', { timeout: T });
  const r = await org.evaluate(async () => (await fetch('/api/v1/me')).status);
  assert(r === 401, `/me after logout answered ${r}`);
});
await step('password change, then login with the new password', null, async () => {
  const p = await newPage('password');
  users.head = { login: fx.head_login || 'chenzr', password: users.organizer.password, name: fx.head_name || '陈主任' };
  await login(p, 'head');
  await p.goto(`${base}/#/password`);
  await p.waitForSelector('input[name=old]', { timeout: T });
  await p.fill('input[name=old]', users.head.password);
  await p.fill('input[name=new]', 'New-pass-2026!');
  await p.fill('input[name=again]', 'New-pass-2026!');
  await p.click('form button[type=submit]');
  await p.locator('.alert-success', { hasText: '密码已修改' }).waitFor({ timeout: T });
  await shot(p, '17-password');
  await p.click('#logout');
  users.head.password = 'New-pass-2026!';
  await login(p, 'head');
});
await step('two pages edit one meeting: the later save gets the conflict message, typed values kept', null, async () => {
  // both pages load the meeting record form at the same version; page A
  // saves first, page B's save is then stale (409) and must not overwrite A
  const a = await newPage('edit-a'), b = await newPage('edit-b');
  await login(a, 'secretary');
  await login(b, 'secretary');
  for (const p of [a, b]) {
    await p.goto(`${base}/#/record/${meetingId}`);
    await p.waitForSelector('#record-info input[name=place]', { timeout: T });
  }
  await a.fill('#record-info input[name=place]', '甲页面填写的地点');
  await a.click('#record-info button[type=submit]');
  await a.locator('.alert-success', { hasText: '已保存' }).waitFor({ timeout: T });
  await b.fill('#record-info input[name=place]', '乙页面填写的地点');
  await b.click('#record-info button[type=submit]');
  const box = b.locator('.conflict', { hasText: '该记录已被他人修改，请刷新后再改' });
  await box.waitFor({ timeout: T });
  assert(await b.inputValue('#record-info input[name=place]') === '乙页面填写的地点', 'the typed value was lost on the conflict');
  const m = await b.evaluate(async (id) => (await fetch(`/api/v1/records/meeting/${id}`)).json(), meetingId);
  assert(m.place === '甲页面填写的地点', `the stale save overwrote the first one: place is ${m.place}`);
  await shot(b, '18-edit-conflict');
  await box.locator('button.conflict-reload').click();
  await b.waitForFunction(() => { const i = document.querySelector('#record-info input[name=place]'); return i && i.value === '甲页面填写的地点'; }, null, { timeout: T });
  assert(!(await b.locator('.conflict').count()), 'the conflict notice stayed after the reload');
  await b.fill('#record-info input[name=place]', '乙页面刷新后的地点');
  await b.click('#record-info button[type=submit]');
  await b.locator('.alert-success', { hasText: '已保存' }).waitFor({ timeout: T });
  const m2 = await b.evaluate(async (id) => (await fetch(`/api/v1/records/meeting/${id}`)).json(), meetingId);
  assert(m2.place === '乙页面刷新后的地点', `after the reload the save did not land: ${m2.place}`);
  await a.context().close(); await b.context().close();
});
await step('no CSP violations or script errors in any page', null, async () => {
  assert(!problems.length, problems.slice(0, 5).join('\n'));
});

await browser.close();
rmSync(profile, { recursive: true, force: true });
console.log(`# browser flows: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
