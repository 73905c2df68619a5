/*
 * The data model table (see model.h) and value validation.
 *
 * Field order here is the column order of the tables (migrations in
 * src/store/schema.c must match; a store test checks it) and the key order
 * of rows in JSON output and exports.
 */
#include "core/model.h"

#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/err.h"
#include "util/utf8.h"

#define END {0}

static const struct mj_enum_value org_kinds[] = {
	{"superior", "上级党组织"}, {"unit", "单位"}, {"dept", "内设部门"}, {"branch", "党支部"}, {0}};
static const struct mj_enum_value person_roles[] = {
	{"admin", "系统管理员"}, {"organizer", "组织部门工作人员"}, {"secretary", "班子秘书"},
	{"member", "班子成员"}, {"staff", "干部职工"}, {0}};
static const struct mj_enum_value team_kinds[] = {
	{"leadership", "领导班子"}, {"branch", "党支部"}, {0}};
static const struct mj_enum_value meeting_kinds[] = {
	{"dlm", "民主生活会"}, {"olm", "组织生活会"}, {0}};
static const struct mj_enum_value meeting_states[] = {
	{"preparing", "筹备中"}, {"plan_sent", "方案已报"}, {"held", "已召开"},
	{"reported", "已报告"}, {0}};
static const struct mj_enum_value channels[] = {
	{"forum", "座谈会"}, {"form", "征求意见表"}, {"box", "意见箱"}, {"online", "网上征求"},
	{"interview", "个别访谈"}, {0}};
static const struct mj_enum_value talk_modes[] = {
	{"face", "面对面"}, {"phone", "电话"}, {"video", "视频"}, {0}};
static const struct mj_enum_value material_kinds[] = {
	{"member", "个人对照检查材料"}, {"team", "班子对照检查材料"}, {0}};
static const struct mj_enum_value material_states[] = {
	{"draft", "草稿"}, {"submitted", "已提交"}, {"returned", "退回"}, {"final", "定稿"}, {0}};
static const struct mj_enum_value item_sources[] = {
	{"self", "自查"}, {"opinion", "征求意见"}, {"talk", "谈心谈话"}, {"criticism", "相互批评"},
	{"oversight", "督导点评"}, {"inspection", "巡视巡察"}, {"carryover", "上年度结转"}, {0}};
static const struct mj_enum_value item_states[] = {
	{"todo", "待整改"}, {"doing", "整改中"}, {"done", "已整改"}, {"closed", "已销号"}, {0}};
static const struct mj_enum_value note_kinds[] = {
	{"progress", "进展"}, {"evidence", "佐证材料"}, {"sendback", "退回整改"},
	{"reopen", "重新打开"}, {"close", "销号"}, {0}};
static const struct mj_enum_value grades[] = {
	{"excellent", "优秀"}, {"qualified", "合格"}, {"basic", "基本合格"}, {"unqualified", "不合格"}, {0}};

static const struct mj_field org_fields[] = {
	{"name", "名称", MJ_F_TEXT, MJ_LEN_NAME, MJ_FF_REQ, 0, 0},
	{"kind", "类型", MJ_F_ENUM, 0, MJ_FF_REQ, 0, org_kinds},
	{"parent_id", "上级组织", MJ_F_REF, 0, 0, "org", 0},
	{"head_id", "负责人", MJ_F_REF, 0, 0, "person", 0},
	END};
static const struct mj_field person_fields[] = {
	{"name", "姓名", MJ_F_TEXT, MJ_LEN_NAME, MJ_FF_REQ, 0, 0},
	{"org_id", "所在组织", MJ_F_REF, 0, 0, "org", 0},
	{"title", "职务", MJ_F_TEXT, MJ_LEN_NAME, 0, 0, 0},
	{"role", "系统角色", MJ_F_ENUM, 0, MJ_FF_REQ, 0, person_roles},
	{"login", "登录名", MJ_F_TEXT, 40, 0, 0, 0},
	{"password_hash", "密码摘要", MJ_F_TEXT, 200, MJ_FF_INTERNAL | MJ_FF_SECRET, 0, 0},
	END};
static const struct mj_field team_fields[] = {
	{"name", "名称", MJ_F_TEXT, MJ_LEN_NAME, MJ_FF_REQ, 0, 0},
	{"kind", "类型", MJ_F_ENUM, 0, MJ_FF_REQ, 0, team_kinds},
	{"org_id", "所在单位", MJ_F_REF, 0, MJ_FF_REQ, "org", 0},
	{"superior_org_id", "上级组织部门", MJ_F_REF, 0, MJ_FF_REQ, "org", 0},
	{"head_id", "主要负责人", MJ_F_REF, 0, 0, "person", 0},
	{"secretary_id", "秘书", MJ_F_REF, 0, 0, "person", 0},
	END};
static const struct mj_field member_fields[] = {
	{"team_id", "班子", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "team", 0},
	{"person_id", "人员", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "person", 0},
	{"position", "班子职务", MJ_F_TEXT, MJ_LEN_NAME, 0, 0, 0},
	{"is_head", "是否主要负责人", MJ_F_BOOL, 0, 0, 0, 0},
	{"ord", "排序", MJ_F_INT, 1000, 0, 0, 0},
	END};
static const struct mj_field oversee_fields[] = {
	{"team_id", "班子", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "team", 0},
	{"person_id", "分管领导", MJ_F_REF, 0, MJ_FF_REQ, "person", 0},
	{"dept_id", "分管部门", MJ_F_REF, 0, MJ_FF_REQ, "org", 0},
	END};
static const struct mj_field notice_fields[] = {
	{"org_id", "发文组织", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "org", 0},
	{"year", "年度", MJ_F_INT, 2200, MJ_FF_REQ, 0, 0},
	{"kind", "会议类型", MJ_F_ENUM, 0, MJ_FF_REQ, 0, meeting_kinds},
	{"title", "通知标题", MJ_F_TEXT, MJ_LEN_TITLE, 0, 0, 0},
	{"theme", "主题", MJ_F_TEXT, MJ_LEN_TITLE, MJ_FF_REQ, 0, 0},
	{"issued_on", "发文日期", MJ_F_DATE, 0, 0, 0, 0},
	{"window_start", "会议时间窗口起", MJ_F_DATE, 0, 0, 0, 0},
	{"window_end", "会议时间窗口止", MJ_F_DATE, 0, 0, 0, 0},
	{"plan_lead_days", "方案提前报送天数", MJ_F_INT, 90, 0, 0, 0},
	{"report_due_days", "会后报告天数", MJ_F_INT, 90, 0, 0, 0},
	{"warn_days", "预警提前天数", MJ_F_INT, 30, 0, 0, 0},
	END};
static const struct mj_field area_fields[] = {
	{"notice_id", "通知", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "notice", 0},
	{"ord", "序号", MJ_F_INT, 100, MJ_FF_REQ, 0, 0},
	{"title", "对照方面", MJ_F_TEXT, 500, MJ_FF_REQ, 0, 0},
	END};
static const struct mj_field meeting_fields[] = {
	{"team_id", "班子", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "team", 0},
	{"notice_id", "通知", MJ_F_REF, 0, 0, "notice", 0},
	{"kind", "会议类型", MJ_F_ENUM, 0, MJ_FF_REQ, 0, meeting_kinds},
	{"year", "年度", MJ_F_INT, 2200, MJ_FF_REQ, 0, 0},
	{"status", "状态", MJ_F_ENUM, 0, 0, 0, meeting_states},
	{"planned_date", "计划召开日期", MJ_F_DATE, 0, 0, 0, 0},
	{"actual_date", "实际召开日期", MJ_F_DATE, 0, 0, 0, 0},
	{"place", "地点", MJ_F_TEXT, MJ_LEN_TITLE, 0, 0, 0},
	{"plan_sent_on", "方案报送日期", MJ_F_DATE, 0, 0, 0, 0},
	{"report_sent_on", "情况报告报送日期", MJ_F_DATE, 0, 0, 0, 0},
	{"special_trigger", "专题会议事由", MJ_F_TEXT, MJ_LEN_TITLE, 0, 0, 0},
	{"date_consent", "调整时间的上级同意", MJ_F_TEXT, MJ_LEN_TITLE, 0, 0, 0},
	{"summary", "主持人总结", MJ_F_TEXT, MJ_LEN_LONG, 0, 0, 0},
	END};
static const struct mj_field study_fields[] = {
	{"meeting_id", "会议", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "meeting", 0},
	{"date", "日期", MJ_F_DATE, 0, MJ_FF_REQ, 0, 0},
	{"topic", "学习主题", MJ_F_TEXT, MJ_LEN_TITLE, MJ_FF_REQ, 0, 0},
	{"attendees", "参加人员", MJ_F_TEXT, 2000, 0, 0, 0},
	END};
static const struct mj_field opinion_fields[] = {
	{"meeting_id", "会议", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "meeting", 0},
	{"about_id", "针对成员", MJ_F_REF, 0, 0, "person", 0},
	{"channel", "渠道", MJ_F_ENUM, 0, MJ_FF_REQ, 0, channels},
	{"area_id", "对照方面", MJ_F_REF, 0, 0, "area", 0},
	{"text", "意见内容", MJ_F_TEXT, MJ_LEN_TEXT, MJ_FF_REQ, 0, 0},
	{"received_on", "收到日期", MJ_F_DATE, 0, 0, 0, 0},
	{"anonymous", "匿名", MJ_F_BOOL, 0, MJ_FF_RO, 0, 0},
	{"submitter_id", "提出人", MJ_F_REF, 0, MJ_FF_RO, "person", 0},
	{"duplicate_of", "重复于", MJ_F_REF, 0, 0, "opinion", 0},
	{"feedback_on", "反馈日期", MJ_F_DATE, 0, 0, 0, 0},
	END};
static const struct mj_field talk_fields[] = {
	{"meeting_id", "会议", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "meeting", 0},
	{"a_id", "谈话人", MJ_F_REF, 0, MJ_FF_REQ, "person", 0},
	{"b_id", "谈话对象", MJ_F_REF, 0, MJ_FF_REQ, "person", 0},
	{"date", "日期", MJ_F_DATE, 0, MJ_FF_REQ, 0, 0},
	{"mode", "方式", MJ_F_ENUM, 0, 0, 0, talk_modes},
	{"notes", "谈话要点", MJ_F_TEXT, MJ_LEN_TEXT, 0, 0, 0},
	END};
static const struct mj_field attendance_fields[] = {
	{"meeting_id", "会议", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "meeting", 0},
	{"person_id", "人员", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "person", 0},
	{"should_attend", "应到", MJ_F_BOOL, 0, 0, 0, 0},
	{"attended", "实到", MJ_F_BOOL, 0, 0, 0, 0},
	{"absence_reason", "缺席原因", MJ_F_TEXT, MJ_LEN_TITLE, 0, 0, 0},
	{"is_supervisor", "督导人员", MJ_F_BOOL, 0, 0, 0, 0},
	END};
static const struct mj_field criticism_fields[] = {
	{"meeting_id", "会议", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "meeting", 0},
	{"from_id", "提出人", MJ_F_REF, 0, MJ_FF_REQ, "person", 0},
	{"to_id", "被批评人", MJ_F_REF, 0, MJ_FF_REQ, "person", 0},
	{"text", "批评意见", MJ_F_TEXT, MJ_LEN_TEXT, MJ_FF_REQ, 0, 0},
	END};
static const struct mj_field oversight_fields[] = {
	{"meeting_id", "会议", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "meeting", 0},
	{"person_id", "督导人员", MJ_F_REF, 0, 0, "person", 0},
	{"text", "点评意见", MJ_F_TEXT, MJ_LEN_LONG, MJ_FF_REQ, 0, 0},
	END};
static const struct mj_field material_fields[] = {
	{"meeting_id", "会议", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "meeting", 0},
	{"person_id", "撰写人", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "person", 0},
	{"kind", "类型", MJ_F_ENUM, 0, MJ_FF_REQ | MJ_FF_RO, 0, material_kinds},
	{"state", "状态", MJ_F_ENUM, 0, MJ_FF_INTERNAL, 0, material_states},
	{"return_reason", "退回理由", MJ_F_TEXT, MJ_LEN_TEXT, MJ_FF_INTERNAL, 0, 0},
	{"rewrite_due", "重写期限", MJ_F_DATE, 0, MJ_FF_INTERNAL, 0, 0},
	{"current_version", "当前版本", MJ_F_INT, 0, MJ_FF_INTERNAL, 0, 0},
	END};
static const struct mj_field version_fields[] = {
	{"material_id", "材料", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "material", 0},
	{"version", "版本", MJ_F_INT, 0, MJ_FF_REQ | MJ_FF_RO, 0, 0},
	{"filename", "文件名", MJ_F_TEXT, 255, MJ_FF_RO, 0, 0},
	{"content", "原始文件", MJ_F_BLOB, 0, MJ_FF_RO | MJ_FF_INTERNAL, 0, 0},
	{"text", "正文", MJ_F_TEXT, 0, MJ_FF_RO | MJ_FF_INTERNAL, 0, 0},
	{"tree", "结构", MJ_F_TEXT, 0, MJ_FF_RO | MJ_FF_INTERNAL, 0, 0},
	{"added_by", "提交人", MJ_F_REF, 0, MJ_FF_RO | MJ_FF_INTERNAL, "person", 0},
	{"added_on", "提交日期", MJ_F_DATE, 0, MJ_FF_RO | MJ_FF_INTERNAL, 0, 0},
	END};
static const struct mj_field item_fields[] = {
	{"meeting_id", "会议", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "meeting", 0},
	{"source", "问题来源", MJ_F_ENUM, 0, MJ_FF_REQ, 0, item_sources},
	{"source_ref", "来源记录", MJ_F_TEXT, 100, 0, 0, 0},
	{"problem", "问题", MJ_F_TEXT, MJ_LEN_TEXT, MJ_FF_REQ, 0, 0},
	{"measure", "整改措施", MJ_F_TEXT, MJ_LEN_TEXT, 0, 0, 0},
	{"owner_id", "责任人", MJ_F_REF, 0, 0, "person", 0},
	{"leader_id", "责任领导", MJ_F_REF, 0, 0, "person", 0},
	{"dept_id", "责任部门", MJ_F_REF, 0, 0, "org", 0},
	{"deadline", "完成时限", MJ_F_DATE, 0, 0, 0, 0},
	{"status", "状态", MJ_F_ENUM, 0, MJ_FF_INTERNAL, 0, item_states},
	{"sent_back", "被退回", MJ_F_BOOL, 0, MJ_FF_INTERNAL, 0, 0},
	{"progress", "最新进展", MJ_F_TEXT, MJ_LEN_TEXT, MJ_FF_INTERNAL, 0, 0},
	{"evidence", "佐证材料", MJ_F_TEXT, MJ_LEN_TEXT, MJ_FF_INTERNAL, 0, 0},
	{"closed_by", "销号人", MJ_F_REF, 0, MJ_FF_INTERNAL, "person", 0},
	{"closed_on", "销号日期", MJ_F_DATE, 0, MJ_FF_INTERNAL, 0, 0},
	{"carried_from", "结转自", MJ_F_REF, 0, MJ_FF_RO, "item", 0},
	END};
static const struct mj_field note_fields[] = {
	{"item_id", "台账条目", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "item", 0},
	{"date", "日期", MJ_F_DATE, 0, MJ_FF_REQ | MJ_FF_RO, 0, 0},
	{"author_id", "记录人", MJ_F_REF, 0, MJ_FF_RO, "person", 0},
	{"kind", "类型", MJ_F_ENUM, 0, MJ_FF_REQ | MJ_FF_RO, 0, note_kinds},
	{"text", "内容", MJ_F_TEXT, MJ_LEN_TEXT, MJ_FF_REQ | MJ_FF_RO, 0, 0},
	END};
static const struct mj_field link_fields[] = {
	{"material_id", "材料", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "material", 0},
	{"problem_key", "问题标识", MJ_F_TEXT, 400, MJ_FF_REQ | MJ_FF_RO, 0, 0},
	{"item_id", "台账条目", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "item", 0},
	END};
static const struct mj_field corpus_doc_fields[] = {
	{"corpus", "比对库", MJ_F_TEXT, MJ_LEN_NAME, MJ_FF_REQ | MJ_FF_RO, 0, 0},
	{"name", "文档名", MJ_F_TEXT, 255, MJ_FF_REQ, 0, 0},
	{"author", "作者", MJ_F_TEXT, MJ_LEN_NAME, 0, 0, 0},
	{"text", "正文", MJ_F_TEXT, 0, MJ_FF_REQ | MJ_FF_RO | MJ_FF_INTERNAL, 0, 0},
	{"added_on", "加入日期", MJ_F_DATE, 0, MJ_FF_RO | MJ_FF_INTERNAL, 0, 0},
	END};
static const struct mj_field appraisal_fields[] = {
	{"meeting_id", "会议", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "meeting", 0},
	{"person_id", "党员", MJ_F_REF, 0, MJ_FF_REQ | MJ_FF_RO, "person", 0},
	{"self_grade", "自评", MJ_F_ENUM, 0, 0, 0, grades},
	{"mutual_grade", "互评", MJ_F_ENUM, 0, 0, 0, grades},
	{"staff_grade", "群众评议", MJ_F_ENUM, 0, 0, 0, grades},
	{"grade", "支部评定等次", MJ_F_ENUM, 0, 0, 0, grades},
	{"remarks", "说明", MJ_F_TEXT, MJ_LEN_TEXT, 0, 0, 0},
	END};

const struct mj_entity mj_entities[] = {
	{"org", "组织", org_fields, MJ_SCOPE_GLOBAL, "name"},
	{"person", "人员", person_fields, MJ_SCOPE_GLOBAL, "name"},
	{"team", "班子", team_fields, MJ_SCOPE_TEAM, "name"},
	{"member", "班子成员", member_fields, MJ_SCOPE_TEAM, "position"},
	{"oversee", "分管关系", oversee_fields, MJ_SCOPE_TEAM, NULL},
	{"notice", "通知", notice_fields, MJ_SCOPE_NOTICE, "theme"},
	{"area", "对照方面", area_fields, MJ_SCOPE_NOTICE, "title"},
	{"meeting", "会议", meeting_fields, MJ_SCOPE_TEAM, NULL},
	{"study", "学习研讨", study_fields, MJ_SCOPE_MEETING, "topic"},
	{"opinion", "征求意见", opinion_fields, MJ_SCOPE_MEETING, "text"},
	{"talk", "谈心谈话", talk_fields, MJ_SCOPE_MEETING, NULL},
	{"attendance", "出席情况", attendance_fields, MJ_SCOPE_MEETING, NULL},
	{"criticism", "批评意见", criticism_fields, MJ_SCOPE_MEETING, "text"},
	{"oversight", "督导点评", oversight_fields, MJ_SCOPE_MEETING, "text"},
	{"material", "对照检查材料", material_fields, MJ_SCOPE_MEETING, NULL},
	{"material_version", "材料版本", version_fields, MJ_SCOPE_PARENT, "filename"},
	{"item", "整改台账条目", item_fields, MJ_SCOPE_MEETING, "problem"},
	{"item_note", "台账记录", note_fields, MJ_SCOPE_PARENT, "text"},
	{"appraisal", "民主评议党员", appraisal_fields, MJ_SCOPE_MEETING, NULL},
	{"material_link", "材料问题与台账的关联", link_fields, MJ_SCOPE_PARENT, NULL},
	{"corpus_doc", "比对库文档", corpus_doc_fields, MJ_SCOPE_GLOBAL, "name"},
	{0},
};

const struct mj_entity *mj_entity_find(const char *name)
{
	for (const struct mj_entity *e = mj_entities; e->name; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

const struct mj_field *mj_entity_field(const struct mj_entity *e, const char *name)
{
	for (const struct mj_field *f = e->fields; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

const char *mj_enum_label(const struct mj_field *f, const char *code)
{
	if (f->type == MJ_F_ENUM && code)
		for (const struct mj_enum_value *v = f->values; v->code; v++)
			if (strcmp(v->code, code) == 0)
				return v->label;
	return code;
}

const char *mj_enum_code(const struct mj_field *f, const char *value)
{
	for (const struct mj_enum_value *v = f->values; v->code; v++)
		if (strcmp(v->code, value) == 0 || strcmp(v->label, value) == 0)
			return v->code;
	return NULL;
}

static int parse_int(const char *s, long long *out)
{
	if (!*s)
		return -1;
	const char *p = s;
	if (*p == '-')
		p++;
	if (!*p || strlen(p) > 15)
		return -1;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	*out = strtoll(s, NULL, 10);
	return 0;
}

int mj_field_validate(const struct mj_entity *e, const struct mj_field *f,
		      const char *value, const char **canon)
{
	long long n;
	int days;
	*canon = value;
	if (!mj_utf8_valid(value, strlen(value)))
		return mj_error_set(MJ_EUTF8, "%s的“%s”不是有效的 UTF-8 文本", e->label, f->label);
	switch (f->type) {
	case MJ_F_TEXT:
		if (f->max && mj_utf8_count(value, strlen(value)) > (size_t)f->max)
			return mj_error_set(MJ_ETOOBIG, "%s的“%s”超过 %d 个字符的上限",
					    e->label, f->label, f->max);
		if ((f->flags & MJ_FF_REQ) && !*value)
			return mj_error_set(MJ_EINVAL, "%s的“%s”不能为空", e->label, f->label);
		return 0;
	case MJ_F_INT:
		if (parse_int(value, &n) || n < 0 || (f->max && n > f->max))
			return f->max ? mj_error_set(MJ_EINVAL, "%s的“%s”应为 0 到 %d 之间的整数，收到“%.40s”",
						     e->label, f->label, f->max, value)
				      : mj_error_set(MJ_EINVAL, "%s的“%s”应为非负整数，收到“%.40s”",
						     e->label, f->label, value);
		if (strcmp(f->name, "year") == 0 && (n < 2000 || n > 2200))
			return mj_error_set(MJ_EINVAL, "%s的年度 %lld 不合理（应在 2000 到 2200 之间）",
					    e->label, n);
		return 0;
	case MJ_F_REF:
		if (parse_int(value, &n) || n <= 0)
			return mj_error_set(MJ_EINVAL, "%s的“%s”应为记录编号（正整数），收到“%.40s”",
					    e->label, f->label, value);
		return 0;
	case MJ_F_DATE:
		if (mj_date_parse(value, &days))
			return mj_error_set(MJ_EINVAL, "%s的“%s”日期“%.40s”无效，应为存在的日期，格式 YYYY-MM-DD",
					    e->label, f->label, value);
		return 0;
	case MJ_F_BOOL:
		if (strcmp(value, "1") == 0 || strcmp(value, "是") == 0 || strcmp(value, "true") == 0 ||
		    strcmp(value, "yes") == 0)
			*canon = "1";
		else if (strcmp(value, "0") == 0 || strcmp(value, "否") == 0 ||
			 strcmp(value, "false") == 0 || strcmp(value, "no") == 0)
			*canon = "0";
		else
			return mj_error_set(MJ_EINVAL, "%s的“%s”应为 是/否（1/0），收到“%.40s”",
					    e->label, f->label, value);
		return 0;
	case MJ_F_ENUM: {
		const char *code = mj_enum_code(f, value);
		if (!code) {
			char allowed[512];
			size_t off = 0;
			for (const struct mj_enum_value *v = f->values; v->code && off + 64 < sizeof allowed; v++) {
				size_t cl = strlen(v->code), ll = strlen(v->label);
				if (off + cl + ll + 4 >= sizeof allowed)
					break;
				if (off)
					allowed[off++] = ' ';
				memcpy(allowed + off, v->code, cl);
				off += cl;
				allowed[off++] = '(';
				memcpy(allowed + off, v->label, ll);
				off += ll;
				allowed[off++] = ')';
			}
			allowed[off] = 0;
			return mj_error_set(MJ_EINVAL, "%s的“%s”取值“%.40s”无效，可选：%s",
					    e->label, f->label, value, allowed);
		}
		*canon = code;
		return 0;
	}
	case MJ_F_BLOB:
		return mj_error_set(MJ_EINVAL, "%s的“%s”不能直接设置", e->label, f->label);
	}
	return mj_error_set(MJ_EINVAL, "未知字段类型");
}
