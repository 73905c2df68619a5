// The JSON API client: one place that knows the URL prefix, the CSRF header,
// and how errors look ({"error":{"code","message"}}).
let csrf = null;
export function setCsrf(t) { csrf = t; }

export class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

export async function api(method, path, body) {
  const opts = { method, headers: { 'Accept': 'application/json' }, credentials: 'same-origin' };
  if (method !== 'GET' && method !== 'HEAD') {
    if (csrf) opts.headers['X-CSRF-Token'] = csrf;
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
  }
  let res;
  try { res = await fetch('/api/v1' + path, opts); }
  catch (e) { throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试'); }
  let data = null;
  const text = await res.text();
  if (text) { try { data = JSON.parse(text); } catch (e) { data = null; } }
  if (!res.ok) {
    const err = data && data.error;
    const msg = err && err.message ? err.message : defaultMessage(res.status);
    if (res.status === 401 && onUnauthorized && !path.startsWith('/login') && !path.startsWith('/me')) onUnauthorized();
    throw new ApiError(res.status, err && err.code || String(res.status), msg);
  }
  return data;
}

function defaultMessage(status) {
  switch (status) {
    case 401: return '请先登录';
    case 403: return '没有权限进行此操作';
    case 404: return '请求的内容不存在';
    case 409: return '数据已被他人修改，请刷新后重试';
    default: return `服务器返回错误（${status}）`;
  }
}

let onUnauthorized = null;
export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }

export const get = (p) => api('GET', p);
export const post = (p, b) => api('POST', p, b ?? {});
export const patch = (p, b) => api('PATCH', p, b);
export const del = (p) => api('DELETE', p);

function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') u.set(k, v);
  const s = u.toString();
  return s ? '?' + s : '';
}
export { qs };

// Every record of an entity matching the filters, following pages.
export async function listAll(entity, filters = {}, max = 2000) {
  const items = [];
  let offset = 0;
  const limit = 200;
  for (;;) {
    const r = await get(`/records/${entity}` + qs({ ...filters, limit, offset }));
    const page = Array.isArray(r) ? r : (r.items || []);
    items.push(...page);
    const total = Array.isArray(r) ? page.length : (r.total ?? page.length);
    offset += page.length;
    if (!page.length || offset >= total || items.length >= max) break;
  }
  return items;
}
export const record = (entity, id) => get(`/records/${entity}/${id}`);
export const create = (entity, body) => post(`/records/${entity}`, body);
// version: the "@version" the record was loaded at; the server then refuses
// the update with 409 when someone changed the record since (isStale).
export const update = (entity, id, body, version) =>
  patch(`/records/${entity}/${id}`, version === undefined || version === null ? body : { ...body, '@version': version });
export const isStale = (e) => e instanceof ApiError && e.status === 409 && e.code === 'ECONFLICT' && /已被他人修改/.test(e.message);
export const remove = (entity, id) => del(`/records/${entity}/${id}`);

// Person names by id, fetched once.
const people = new Map();
export function person(id) {
  if (!id) return Promise.resolve(null);
  if (!people.has(id)) people.set(id, record('person', id).catch(() => ({ id, name: `人员 ${id}` })));
  return people.get(id);
}
export function rememberPerson(p) { if (p && p.id) people.set(p.id, Promise.resolve(p)); }
export async function personName(id) { const p = await person(id); return p ? p.name : '—'; }
export function forgetPeople() { people.clear(); }
