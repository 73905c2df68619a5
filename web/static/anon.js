// The public anonymous opinion form behind /o/<token>. No login, no cookie,
// nothing identifying is sent: only the opinion itself.
import { h, clear } from './ui.js';

const MAX = 5000;
const token = decodeURIComponent((location.pathname.match(/\/o\/([^/?#]+)/) || [])[1] || '');
const main = document.getElementById('main');
const KIND = { dlm: '民主生活会', olm: '组织生活会' };

function showError(text) {
  let box = document.getElementById('anon-error');
  if (!box) { box = h('div', { class: 'alert alert-error', id: 'anon-error', role: 'alert' }); main.prepend(box); }
  box.textContent = text;
}

async function call(method, body) {
  const opts = { method, headers: { Accept: 'application/json' }, credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store' };
  if (body) { opts.headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(body); }
  let res;
  try { res = await fetch(`/api/v1/anon/${encodeURIComponent(token)}`, opts); }
  catch (e) { throw new Error('无法连接服务器，请稍后重试'); }
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (!res.ok) throw new Error((data && data.error && data.error.message) || (res.status === 404 ? '该意见征集链接不存在或已被撤销' : `提交失败（${res.status}）`));
  return data;
}

function page(info) {
  const intro = h('section', { class: 'card anon-intro' },
    h('h1', { text: `${info.team || ''}${info.year ? ` ${info.year}年度` : ''}${KIND[info.kind] || '民主生活会'}征求意见` }),
    h('p', { text: '为开好本次会议，现面向干部职工和服务对象征求对领导班子及班子成员的意见建议。请实事求是、直言不讳地提出。' }),
    h('div', { class: 'assure' },
      h('strong', { text: '匿名保障' }),
      h('ul', null,
        h('li', { text: '本页面无需登录，不记录您的姓名、账号、IP 地址、设备或提交的具体时间。' }),
        h('li', { text: '只保存您填写的意见内容、所针对的对象和对照方面。' }),
        h('li', { text: '请勿在意见中写入可能暴露您身份的信息。' }))),
    info.closes_on ? h('p', { class: 'muted', text: `征集截止日期：${info.closes_on}` }) : null);

  const about = h('select', { name: 'about', id: 'anon-about' });
  about.appendChild(h('option', { value: '', text: '领导班子（整体）' }));
  for (const m of info.members || []) about.appendChild(h('option', { value: String(m.id), text: m.position ? `${m.name}（${m.position}）` : m.name }));
  const area = h('select', { name: 'area', id: 'anon-area' });
  area.appendChild(h('option', { value: '', text: '不确定 / 其他' }));
  for (const a of info.areas || []) area.appendChild(h('option', { value: String(a.id), text: a.title }));
  const text = h('textarea', { name: 'text', id: 'anon-text', rows: 8, maxlength: MAX, required: true, placeholder: '请写明具体问题或建议，可举实例。' });
  const counter = h('div', { class: 'counter', id: 'anon-counter', 'aria-live': 'polite', text: `0 / ${MAX}` });
  const count = () => Array.from(text.value).length;
  text.addEventListener('input', () => {
    const n = count();
    counter.textContent = `${n} / ${MAX}`;
    counter.classList.toggle('over', n > MAX);
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', id: 'anon-submit', text: '匿名提交' });
  const form = h('form', { class: 'form', id: 'anon-form' },
    h('div', { class: 'field' }, h('label', { for: 'anon-about', text: '意见针对' }), about),
    h('div', { class: 'field' }, h('label', { for: 'anon-area', text: '对照方面' }), area),
    h('div', { class: 'field' }, h('label', { for: 'anon-text', text: '意见建议' }), text, counter),
    submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = text.value.trim();
    if (!v) { showError('请填写意见内容'); text.focus(); return; }
    if (Array.from(v).length > MAX) { showError(`意见不能超过 ${MAX} 字`); return; }
    submit.disabled = true; submit.textContent = '正在提交…';
    try {
      await call('POST', { about_id: about.value ? Number(about.value) : null, area_id: area.value ? Number(area.value) : null, text: v });
      clear(main).appendChild(h('section', { class: 'card anon-thanks', id: 'anon-thanks' },
        h('div', { class: 'thanks-mark', text: '✓' }),
        h('h1', { text: '提交成功，感谢您的意见！' }),
        h('p', { text: '您的意见已匿名转交会议筹备工作人员，将原汁原味反馈给相关同志，并作为查摆问题、整改落实的依据。' }),
        h('p', { class: 'muted', text: '系统未保存任何可以识别您身份的信息。如还有其他意见，可再次提交。' }),
        h('button', { type: 'button', class: 'btn', text: '再提一条意见', onclick: () => location.reload() })));
    } catch (e) {
      showError(e.message);
      submit.disabled = false; submit.textContent = '匿名提交';
    }
  });
  return [intro, h('section', { class: 'card' }, h('h2', { class: 'card-title', text: '填写意见' }), form)];
}

(async () => {
  if (!token) { clear(main); showError('链接无效'); return; }
  try {
    const info = await call('GET');
    clear(main).append(...page(info));
  } catch (e) {
    clear(main).appendChild(h('section', { class: 'card' }, h('h1', { text: '无法打开征求意见页面' }), h('p', { class: 'muted', text: e.message })));
  }
})();
