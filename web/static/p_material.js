// A member's self-examination material: versions, state, return for rewriting
// with a reason and deadline, approval (定稿); upload a file (raw body), compare
// two versions, download as Word, problems into the ledger, and the review of
// the current version (content checks, copy and 套话 ratios with passages).
import { h, card, table, field, input, textarea, select, button, busy, notify, alertMsg, dash, badge } from './ui.js';
import { get, post, record, listAll, personName } from './api.js';
import { render, isOrganizer, session } from './app.js';
import { MATERIAL_KIND, label } from './labels.js';
import { materialBadge, tabHref } from './p_meeting.js';

async function action(id, act, body) {
  try { return await post(`/materials/${id}/actions/${act}`, body); }
  catch (e) { if (e.status === 404 || e.status === 405 || e.status === 501) throw new Error('该操作暂不可用（服务器尚未提供材料审阅接口）'); throw e; }
}

export async function materialPage(id) {
  const mat = await record('material', id);
  const [versions, author, meeting] = await Promise.all([
    listAll('material_version', { material_id: id }).catch(() => []), personName(mat.person_id), record('meeting', mat.meeting_id).catch(() => null)]);
  versions.sort((a, b) => b.version - a.version);
  const detail = mat.current_version ? await get(`/materials/${id}`).catch(() => null) : null;
  const dl = (v, fmt, text) => h('a', { class: 'btn btn-sm', href: `/api/v1/materials/${id}/download?format=${fmt}&version=${v}`, download: '', text });

  const info = h('dl', { class: 'deflist' },
    h('dt', { text: '撰写人' }), h('dd', { text: author }),
    h('dt', { text: '类型' }), h('dd', { text: label(MATERIAL_KIND, mat.kind) }),
    h('dt', { text: '状态' }), h('dd', { id: 'material-state' }, materialBadge(mat.state || 'draft')),
    h('dt', { text: '当前版本' }), h('dd', { text: mat.current_version ? `第 ${mat.current_version} 版` : '尚未上传' }),
    mat.state === 'returned' ? [h('dt', { text: '退回理由' }), h('dd', { class: 'returned-reason', text: dash(mat.return_reason) }),
      h('dt', { text: '重写期限' }), h('dd', { text: dash(mat.rewrite_due) })] : null);

  const vt = table([
    { label: '版本', cell: v => `第 ${v.version} 版` },
    { label: '文件名', class: 'wide', cell: v => dash(v.filename) },
    { label: '提交日期', cell: v => dash(v.added_on) },
    { label: '下载', cell: v => h('span', null, dl(v.version, 'docx', 'Word'), ' ', dl(v.version, 'md', '文本')) },
  ], versions, { empty: '尚未上传任何版本' });

  // compare two versions: problems added, removed, changed
  const vopts = versions.map(v => [v.version, `第 ${v.version} 版`]);
  const vfrom = select('from', vopts, versions.length > 1 ? versions[1].version : '', { id: 'diff-from' });
  const vto = select('to', vopts, versions.length ? versions[0].version : '', { id: 'diff-to' });
  const diffOut = h('div', { id: 'material-diff' });
  const diffBtn = button('比较', (ev) => busy(ev.target, async () => {
    const d = await get(`/materials/${id}/diff?from=${vfrom.value}&to=${vto.value}`);
    const list = (title, arr, cls) => h('div', { class: cls }, h('h3', { class: 'sub', text: `${title}（${(arr || []).length}）` }),
      h('ul', null, (arr || []).map(p => h('li', { text: typeof p === 'string' ? p : (p.headline || p.text || '') }))));
    diffOut.replaceChildren(list('新增问题', d.added, 'diff-added'), list('删去问题', d.removed, 'diff-removed'), list('修改问题', d.changed, 'diff-changed'));
  }), 'btn');
  diffBtn.id = 'diff-run';
  const diffCard = versions.length > 1 ? card('版本比较', h('div', { class: 'inline-form' }, vfrom, ' → ', vto, diffBtn), diffOut) : null;

  // problems found in the current version, with their ledger items
  const probs = (detail && detail.problems) || [];
  const toLedger = button('列入整改台账', (ev) => busy(ev.target, async () => {
    const r = await post(`/materials/${id}/to-ledger`, {});
    notify(`已列入整改台账：新增 ${r.created} 条，已有 ${r.kept} 条`); render();
  }), 'btn');
  toLedger.id = 'material-to-ledger';
  const probCard = detail ? card('查摆问题', table([
    { label: '问题', class: 'wide', cell: p => p.headline },
    { label: '整改台账', cell: p => p.item_id ? h('a', { href: `#/ledger/${mat.meeting_id}`, text: `已列入（条目 ${p.item_id}）` }) : '未列入' },
  ], probs, { empty: '未找到查摆问题' }), probs.length ? h('div', { class: 'actions' }, toLedger) : null) : null;

  // review of the current version against every stored material (GET /materials/ID/check)
  const pct = (x) => `${((x || 0) * 100).toFixed(1)}%`;
  const checkOut = h('div', { id: 'material-check' });
  const checkBtn = button('开始审查', (ev) => busy(ev.target, async () => {
    const r = await get(`/materials/${id}/check`);
    const sum = (r.checks && r.checks.summary) || {};
    const findings = (r.checks && r.checks.findings) || [];
    checkOut.replaceChildren(
      h('dl', { class: 'deflist' },
        h('dt', { text: '复制比' }), h('dd', { id: 'check-copy', text: pct(r.copy_ratio) }),
        h('dt', { text: '套话比' }), h('dd', { id: 'check-tao', text: pct(r.tao_ratio) }),
        h('dt', { text: '比对库' }), h('dd', { text: `${r.corpus_docs} 篇` }),
        h('dt', { text: '内容审查' }), h('dd', { text: `错误 ${sum.errors || 0} 个，警告 ${sum.warnings || 0} 个` })),
      findings.length ? h('ul', { class: 'check-findings' }, findings.map(f => h('li', { text: f.message || f.text || JSON.stringify(f) }))) : null,
      h('h3', { class: 'sub', text: `来源（${(r.sources || []).length}）` }),
      table([
        { label: '来源', class: 'wide', cell: s => s.name },
        { label: '重合', cell: s => pct(s.ratio) },
      ], (r.sources || []).slice(0, 20), { empty: '未发现复制来源' }),
      h('h3', { class: 'sub', text: `重合段落（${(r.passages || []).length}）` }),
      table([
        { label: '位置', cell: p => `第 ${p.query.line} 行` },
        { label: '重合文字', class: 'wide', cell: p => p.text },
        { label: '来源', cell: p => p.source.name },
      ], (r.passages || []).slice(0, 50), { empty: '没有重合段落' }));
  }), 'btn');
  checkBtn.id = 'material-check-run';
  const checkCard = mat.current_version ? card('审查', h('p', { class: 'muted', text: '与全部已存材料和比对库比对当前版本，并做内容审查。' }),
    h('div', { class: 'actions' }, checkBtn), checkOut) : null;

  // upload: read a text/markdown file or pasted text, send as a new version
  const file = h('input', { type: 'file', name: 'file', accept: '.txt,.md,.docx', id: 'material-file' });
  const upBtn = h('button', { type: 'submit', class: 'btn', text: '上传新版本' });
  const up = h('form', { class: 'inline-form', onsubmit: (ev) => {
    ev.preventDefault();
    if (!file.files.length) { alertMsg('请选择文件'); return; }
    busy(upBtn, async () => {
      const f = file.files[0];
      const res = await fetch(`/api/v1/materials/${id}/versions?filename=${encodeURIComponent(f.name)}`, {
        method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': session.csrf || '', 'Content-Type': 'application/octet-stream' }, body: f });
      if (res.status === 404 || res.status === 405) throw new Error('上传功能暂不可用（服务器尚未提供上传接口）');
      if (!res.ok) { let m = `上传失败（${res.status}）`; try { m = (await res.json()).error.message || m; } catch (e) { /* keep */ } throw new Error(m); }
      notify('已上传新版本'); render();
    });
  } }, file, upBtn);

  const reason = textarea('reason', { rows: 3, id: 'return-reason', placeholder: '请写明需要修改的问题，如：对照方面（三）未查找问题；部分段落与模板雷同' });
  const due = input('rewrite_due', { type: 'date', id: 'return-due' });
  const retBtn = h('button', { type: 'submit', class: 'btn btn-danger', id: 'material-return', text: '退回重写' });
  const ret = h('form', { class: 'form grid2', onsubmit: (ev) => {
    ev.preventDefault();
    if (!reason.value.trim()) { alertMsg('请填写退回理由'); return; }
    if (!due.value) { alertMsg('请填写重写期限'); return; }
    busy(retBtn, async () => { await action(id, 'return', { reason: reason.value.trim(), rewrite_due: due.value }); notify('材料已退回'); render(); });
  } }, h('div', { class: 'span2' }, field('退回理由', reason)), field('重写期限', due), h('div', { class: 'actions-inline' }, retBtn));

  const approve = button('审核通过，定稿', (ev) => busy(ev.target, async () => {
    if (!confirm('确认该材料定稿？')) return;
    await action(id, 'approve', {}); notify('材料已定稿'); render();
  }), 'btn btn-primary');
  approve.id = 'material-approve';
  const submit = button('提交审阅', (ev) => busy(ev.target, async () => { await action(id, 'submit', {}); notify('已提交审阅'); render(); }), 'btn');
  submit.id = 'material-submit';

  const isAuthor = session.user && session.user.id === mat.person_id;
  const reviewer = !isAuthor || isOrganizer();
  return h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('div', null,
      meeting ? h('a', { class: 'back', href: tabHref(meeting.id, 'materials'), text: `‹ ${meeting.year}年度会议 · 对照检查材料` }) : null,
      h('h1', { text: `${author}的${label(MATERIAL_KIND, mat.kind)}` }))),
    h('div', { class: 'cols' }, card('基本情况', info), card('版本', vt, isAuthor ? up : h('p', { class: 'muted', text: '材料须本人撰写并上传（不得代写）。' }))),
    probCard, checkCard, diffCard,
    isAuthor && mat.state !== 'final' && mat.state !== 'submitted' ? card('提交', h('p', { class: 'muted', text: '写好后提交主要负责人和督导组审阅。' }), submit) : null,
    reviewer && mat.state !== 'final' ? card('审阅', h('div', { class: 'actions' }, approve), h('h3', { class: 'sub', text: '退回重写' }), ret) : null,
    mat.state === 'final' ? card('审阅', h('p', { class: 'ok-text', text: '该材料已定稿。' })) : null);
}
