// Chinese labels of the model's enum codes (src/core/model.c).
export const ROLE = { admin: '系统管理员', organizer: '组织部门工作人员', secretary: '班子秘书', member: '班子成员', staff: '干部职工' };
export const TEAM_KIND = { leadership: '领导班子', branch: '党支部' };
export const MEETING_KIND = { dlm: '民主生活会', olm: '组织生活会' };
export const MEETING_STATUS = { preparing: '筹备中', plan_sent: '方案已报', held: '已召开', reported: '已报告' };
export const CHANNEL = { forum: '座谈会', form: '征求意见表', box: '意见箱', online: '网上征求', interview: '个别访谈' };
export const TALK_MODE = { face: '面对面', phone: '电话', video: '视频' };
export const MATERIAL_KIND = { member: '个人对照检查材料', team: '班子对照检查材料' };
export const MATERIAL_STATE = { draft: '草稿', submitted: '已提交', returned: '退回重写', final: '定稿', missing: '未建立' };
export const ITEM_SOURCE = { self: '自查', opinion: '征求意见', talk: '谈心谈话', criticism: '相互批评', oversight: '督导点评', inspection: '巡视巡察', carryover: '上年度结转' };
export const ITEM_STATUS = { todo: '待整改', doing: '整改中', done: '已整改', closed: '已销号' };
export const NOTE_KIND = { progress: '进展', evidence: '佐证材料', sendback: '退回整改', reopen: '重新打开', close: '销号', start: '开始整改', finish: '完成整改' };
export const COLOR = { red: '红', yellow: '黄', blue: '蓝', none: '正常' };
export const COLOR_HINT = { red: '已超期', yellow: '被退回', blue: '临近期限', none: '' };
export const TALK_REASON = { head_member: '主要负责人与成员', member_member: '成员之间', oversees: '分管部门负责人' };
export const GRADE = { excellent: '优秀', qualified: '合格', basic: '基本合格', unqualified: '不合格' };

export function label(map, code) { return code === null || code === undefined || code === '' ? '—' : (map[code] || code); }
export function options(map, allLabel) {
  const o = Object.entries(map);
  return allLabel ? [['', allLabel], ...o] : o;
}
