// Login and password change.
import { h, field, input, busy, alertMsg, notify, card } from './ui.js';
import { post } from './api.js';
import { session, setSession, loadSession, go } from './app.js';

export async function loginPage() {
  if (session.user) { go('#/'); return null; }
  const login = input('login', { autocomplete: 'username', required: true, id: 'login-name' });
  const pass = input('password', { type: 'password', autocomplete: 'current-password', required: true, id: 'login-password' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', id: 'login-submit', text: '登录' });
  const form = h('form', { class: 'login-form', onsubmit: (ev) => {
    ev.preventDefault();
    busy(submit, async () => {
      submit.textContent = '正在登录…';
      const r = await post('/login', { login: login.value.trim(), password: pass.value });
      setSession(r);
      await loadSession();
      go('#/');
    });
  } },
  field('登录名', login), field('密码', pass), submit);
  return h('div', { class: 'login-wrap' },
    h('div', { class: 'login-panel' },
      h('div', { class: 'login-head' },
        h('div', { class: 'login-emblem', text: '明' }),
        h('h1', { text: '明镜' }),
        h('p', { class: 'login-sub', text: '民主生活会 · 组织生活会全流程管理系统' })),
      form,
      h('p', { class: 'login-note', text: '请使用组织部门分配的账号登录；忘记密码请联系管理员。' })));
}

export async function passwordPage() {
  const old = input('old', { type: 'password', autocomplete: 'current-password', required: true });
  const nw = input('new', { type: 'password', autocomplete: 'new-password', required: true, minlength: 8 });
  const again = input('again', { type: 'password', autocomplete: 'new-password', required: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: '保存新密码' });
  const form = h('form', { class: 'form narrow', onsubmit: (ev) => {
    ev.preventDefault();
    if (nw.value !== again.value) { alertMsg('两次输入的新密码不一致'); return; }
    if (nw.value.length < 8) { alertMsg('新密码至少 8 位'); return; }
    busy(submit, async () => {
      await post('/password', { old: old.value, new: nw.value });
      form.reset();
      notify('密码已修改');
    });
  } }, field('当前密码', old), field('新密码', nw, '至少 8 位，建议同时包含字母和数字'), field('再次输入新密码', again),
  h('div', { class: 'actions' }, submit));
  return h('div', { class: 'page' }, h('div', { class: 'page-head' }, h('h1', { text: '修改密码' })), card(null, form));
}
