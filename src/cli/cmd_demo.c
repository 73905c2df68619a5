/*
 * `mingjing demo`: writes a deterministic demo city into an empty database.
 *
 * The city: a 市委组织部 (and a 市纪委监委 for supervisors) over fourteen
 * municipal units, each with its internal departments, its leadership team
 * and the people in them; two party branches for the 组织生活会. Last year's
 * (2025年度) meetings are held, with criticisms, supervisors' comments and a
 * rectification ledger partly closed and partly overdue; this year's (2026年度)
 * notice is out and the meetings are in preparation, with study sessions,
 * opinions, talks (some required pairs still missing) and materials in every
 * state. "Today" in the story is 2026-11-20.
 *
 * Everything goes through mj_entity_write (so the audit log covers it) inside
 * one transaction: either the whole city is written or nothing is. The words
 * come from demo_text.c; randomness from a fixed-seed generator, so two runs
 * give the same rows (and, with MINGJING_NOW fixed, the same bytes).
 *
 * `--teams N` (load tests): after the fourteen municipal units, the same
 * units again in districts and counties (城东区财政局 …), with the same
 * story shape and dates, until there are N leadership teams. Still one
 * transaction and still deterministic for a given N; N = 14 is the city.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/demo_text.h"
#include "store/store.h"
#include "util/date.h"
#include "util/err.h"
#include "util/mem.h"

#define DEMO_SEED 0x6D696E676A696E67ull /* "mingjing" */
#define MAXM 9                          /* members of a team */
#define MAXD 8                          /* departments of a unit */
#define NSTAFF 3                        /* ordinary staff per unit */
#define PEOPLE_PER_TEAM 40                /* room for a unit's people and its branch */
#define MAXTEAMS (NUNITS * (1 + NDISTRICTS)) /* --teams: the city and its districts */
#define NORGANIZERS 3
#define NJW 2

/* ---- the city ---------------------------------------------------------- */

struct unit_def {
	const char *name;
	const char *head_title;  /* 主任 / 局长 */
	const char *chief;       /* 总经济师 … for teams of 8 or more, or NULL */
	int size;                /* members of the leadership team, 5..9 */
	const char *depts[MAXD + 1];
};

/* The first department is always the 办公室, where the team's secretary sits. */
static const struct unit_def units[] = {
	{"市发展改革委", "主任", "总经济师", 9,
	 {"办公室", "社会发展科", "发展规划科", "国民经济综合科", "固定资产投资科", "产业发展科",
	  "能源发展科", "价格管理科"}},
	{"市财政局", "局长", "总会计师", 8,
	 {"办公室", "预算科", "国库科", "综合科", "经济建设科", "社会保障科"}},
	{"市教育局", "局长", NULL, 7,
	 {"办公室", "基础教育科", "职业教育与成人教育科", "教师工作科", "财务审计科", "安全稳定科"}},
	{"市卫生健康委", "主任", "总会计师", 8,
	 {"办公室", "医政医管科", "疾病预防控制科", "基层卫生健康科", "规划发展与信息化科", "人口家庭科"}},
	{"市住房城乡建设局", "局长", NULL, 7,
	 {"办公室", "房地产市场监管科", "建筑业管理科", "城市建设科", "住房保障科"}},
	{"市交通运输局", "局长", NULL, 6,
	 {"办公室", "综合规划科", "公路管理科", "运输管理科", "安全监督科"}},
	{"市农业农村局", "局长", NULL, 7,
	 {"办公室", "乡村产业发展科", "农田建设管理科", "种植业管理科", "农村合作经济指导科", "农业机械化科"}},
	{"市生态环境局", "局长", NULL, 6,
	 {"办公室", "大气环境科", "水生态环境科", "土壤生态环境科", "法规与标准科"}},
	{"市人力资源社会保障局", "局长", NULL, 7,
	 {"办公室", "就业促进科", "人才开发科", "养老保险科", "劳动关系科"}},
	{"市市场监管局", "局长", "食品安全总监", 8,
	 {"办公室", "登记注册科", "食品安全协调科", "价格监督检查科", "质量发展科", "网络交易监督管理科"}},
	{"市自然资源和规划局", "局长", NULL, 6,
	 {"办公室", "国土空间规划科", "耕地保护监督科", "自然资源确权登记科", "执法监督科"}},
	{"市商务局", "局长", NULL, 5,
	 {"办公室", "对外贸易科", "外资外经科", "市场体系建设科"}},
	{"市文化广电旅游局", "局长", NULL, 6,
	 {"办公室", "艺术科", "公共服务科", "资源开发科", "市场管理科"}},
	{"市应急管理局", "局长", NULL, 5,
	 {"办公室", "风险监测和综合减灾科", "安全生产基础科", "应急指挥中心"}},
};
#define NUNITS ((int)(sizeof units / sizeof units[0]))

/* `demo --teams N` (N > 14) adds the same units in districts: 城东区财政局 … */
static const char *const districts[] = {
	"城东区", "城西区", "城南区", "城北区", "高新区", "经开区", "新城区", "老城区", "滨江区", "湖滨区",
	"东山县", "西河县", "南岭县", "北川县", "青石县", "白沙县", "清溪县", "柳林县", "桃源县", "松阳县",
	"长宁县", "永安县", "安平县", "和平县", "平乐县", "乐山县", "兴隆县", "宝丰县", "丰泽县", "泽川县",
	"云台县", "凤鸣县", "龙门县", "石门县", "金城县", "银川县", "玉泉县", "明溪县", "仁和县", "德化县",
};
#define NDISTRICTS ((int)(sizeof districts / sizeof districts[0]))

/* Story anchors (scenarios.md). */
#define NDRC 0       /* 市发展改革委 */
#define ZHANGHUA 2   /* her place in its team */
#define ZH_MISSING 7 /* the department whose head she has not talked with yet */

static const char *const areas_2025[] = {
	"在深化理论武装、提高政治判断力政治领悟力政治执行力方面",
	"在贯彻落实中央八项规定精神、持之以恒纠治“四风”方面",
	"在担当作为、推动高质量发展方面",
	"在践行以人民为中心的发展思想、解决群众急难愁盼问题方面",
	"在落实全面从严治党责任、严守纪律规矩方面",
};
static const char *const areas_2026[] = {
	"在学思践悟党的创新理论、筑牢信仰信念根基方面",
	"在坚持和加强党的全面领导、严格执行民主集中制方面",
	"在服务“十五五”开局、推动改革发展方面",
	"在树立和践行正确政绩观、为民办实事方面",
	"在锤炼过硬作风、严守廉洁底线方面",
};
static const char *const areas_olm_2025[] = {
	"在坚定政治信仰方面", "在强化党员意识方面", "在担当作为方面", "在纪律作风方面",
};
static const char *const areas_olm_2026[] = {
	"在学习理论、坚定信念方面", "在履职尽责、岗位建功方面", "在服务群众、密切联系方面",
	"在遵规守纪、清正廉洁方面",
};
static const char theme_2025[] = "以学正风、以学促干，锤炼过硬作风，推动全市高质量发展开创新局面";
static const char theme_2026[] = "深学笃行党的创新理论，树立和践行正确政绩观，以过硬作风开创高质量发展新局面";

/* ---- generator state --------------------------------------------------- */

struct team_state {
	const struct unit_def *u;
	struct unit_def scaled;    /* district copies (--teams): u points here */
	char scaled_name[64];
	long long unit, team, secretary;
	int n, ndept, nover;
	long long pid[MAXM];
	struct mj_demo_name name[MAXM];
	char position[MAXM][96];
	char work[MAXM][200];
	int overseer[MAXD];        /* member index overseeing each department */
	long long dept[MAXD], dhead[MAXD];
	long long staff[NSTAFF];
	long long m2025, m2026;
	int held2025;
	/* last year's ledger, per member, for this year's section 一 */
	int items_total[MAXM], items_closed[MAXM], nlast[MAXM];
	char last_head[MAXM][10][200];
	int last_state[MAXM][10];
	/* this year's opinions about each member, for quoting */
	char quote[MAXM][2][600];
	int nquote[MAXM];
	unsigned used2025[MAXM][5]; /* problem templates of last year's materials */
	int opinions_about[MAXM], talks_of[MAXM], opinions_total;
};

struct demo {
	mj_store *st;
	mj_actor actor;
	mj_demo_rng r;
	int rc;                   /* first error; every write is skipped after it */
	char ring[64][32];        /* formatted numbers and dates, see num()/day() */
	int ringpos;
	long long count[32];      /* rows written, by entity */
	struct mj_demo_name *people;
	int npeople, maxpeople;
	long long zzb, jw, minister, wangmin, admin;
	long long organizer[NORGANIZERS], jw_staff[NJW];
	long long notice2025, notice2026, olm2025, olm2026;
	long long area2025[5], area2026[5], area_olm2025[4], area_olm2026[4];
	struct team_state *t;
	int nteams;
};

/* ---- writing helpers ------------------------------------------------------ */

static const char *num(struct demo *d, long long n)
{
	char *s = d->ring[d->ringpos++ % 64];
	snprintf(s, 32, "%lld", n);
	return s;
}

static const char *day(struct demo *d, int days)
{
	char *s = d->ring[d->ringpos++ % 64];
	mj_date_format(days, s);
	return s;
}

static int ymd(int y, int m, int dd) { return mj_date_from_ymd(y, m, dd); }

static int month_end(int y, int m)
{
	return m == 12 ? ymd(y, 12, 31) : ymd(y, m + 1, 1) - 1;
}

/* Writes (id 0: creates) one row from (field, value) pairs ending in NULL; a
 * NULL value leaves the field unset. Returns the row's id, or 0 once an error
 * has been met (then d->rc holds it and every later write is skipped). */
static long long write_row(struct demo *d, const char *entity, long long id, va_list ap)
{
	const struct mj_entity *e = mj_entity_find(entity);
	long long out = 0;
	if (d->rc)
		return 0;
	json_t *v = json_object();
	for (;;) {
		const char *k = va_arg(ap, const char *);
		if (!k)
			break;
		const char *val = va_arg(ap, const char *);
		if (val)
			json_object_set_new(v, k, json_string(val));
	}
	d->rc = mj_entity_write(d->st, &d->actor, e, id, v, MJ_W_INTERNAL | MJ_W_NOPERM, &out);
	json_decref(v);
	if (!d->rc && !id)
		d->count[e - mj_entities]++;
	return d->rc ? 0 : out;
}

static long long add(struct demo *d, const char *entity, ...) __attribute__((sentinel));
static long long add(struct demo *d, const char *entity, ...)
{
	va_list ap;
	va_start(ap, entity);
	long long id = write_row(d, entity, 0, ap);
	va_end(ap);
	return id;
}

static void set(struct demo *d, const char *entity, long long id, ...) __attribute__((sentinel));
static void set(struct demo *d, const char *entity, long long id, ...)
{
	va_list ap;
	va_start(ap, id);
	write_row(d, entity, id, ap);
	va_end(ap);
}

static long long counted(struct demo *d, const char *entity)
{
	return d->count[mj_entity_find(entity) - mj_entities];
}

/* Registers a name (fixed, or fresh when name is NULL) and gives it a login
 * unique among the demo's people. */
static struct mj_demo_name *new_name(struct demo *d, const char *name, const char *login)
{
	struct mj_demo_name *p = &d->people[d->npeople];
	if (d->npeople >= d->maxpeople - 1) {
		d->rc = d->rc ? d->rc : mj_error_set(MJ_ETOOBIG, "演示数据人员过多");
		return p;
	}
	if (name) {
		snprintf(p->name, sizeof p->name, "%s", name);
		snprintf(p->login, sizeof p->login, "%s", login);
	} else
		mj_demo_make_name(&d->r, d->people, d->npeople, p);
	char base[24];
	snprintf(base, sizeof base, "%s", p->login);
	for (int suffix = 2;; suffix++) {
		int clash = 0;
		for (int i = 0; i < d->npeople && !clash; i++)
			clash = strcmp(d->people[i].login, p->login) == 0;
		if (!clash)
			break;
		snprintf(p->login, sizeof p->login, "%.16s%d", base, suffix % 100);
	}
	d->npeople++;
	return p;
}

/* Creates a person; with_login 0 leaves the login empty (people who never
 * sign in: department heads, staff). */
static long long person(struct demo *d, const struct mj_demo_name *n, long long org,
			const char *title, const char *role, int with_login)
{
	return add(d, "person", "name", n->name, "org_id", num(d, org), "title", title, "role", role,
		   "login", with_login ? n->login : NULL, NULL);
}

/* "价格管理科" -> "价格管理"; "办公室" stays. */
static void dept_work(const char *dept, char *out, size_t n)
{
	size_t len = strlen(dept);
	const char *suffixes[] = {"科", "中心", NULL};
	if (strcmp(dept, "办公室") == 0) {
		snprintf(out, n, "机关运转保障");
		return;
	}
	for (int i = 0; suffixes[i]; i++) {
		size_t sl = strlen(suffixes[i]);
		if (len > sl && strcmp(dept + len - sl, suffixes[i]) == 0) {
			snprintf(out, n, "%.*s", (int)(len - sl), dept);
			return;
		}
	}
	snprintf(out, n, "%s", dept);
}

static const char *dept_head_title(const char *dept)
{
	size_t len = strlen(dept);
	if ((len >= 3 && strcmp(dept + len - 3, "室") == 0) ||
	    (len >= 6 && strcmp(dept + len - 6, "中心") == 0))
		return "主任";
	return "科长";
}

/* ---- superiors and notices ------------------------------------------------ */

static void gen_superiors(struct demo *d)
{
	static const char *const organizer_titles[NORGANIZERS] = {
		"干部监督科科长", "组织一科副科长", "干部一科四级主任科员"};
	static const char *const jw_titles[NJW] = {"第二监督检查室副主任", "党风政风监督室四级调研员"};

	d->zzb = add(d, "org", "name", "市委组织部", "kind", "superior", NULL);
	d->jw = add(d, "org", "name", "市纪委监委", "kind", "superior", NULL);

	d->minister = person(d, new_name(d, NULL, NULL), d->zzb, "市委常委、组织部部长", "organizer", 1);
	set(d, "org", d->zzb, "head_id", num(d, d->minister), NULL);
	d->wangmin = person(d, new_name(d, "王敏", "wangmin"), d->zzb, organizer_titles[0], "organizer", 1);
	d->organizer[0] = d->wangmin;
	for (int i = 1; i < NORGANIZERS; i++)
		d->organizer[i] = person(d, new_name(d, NULL, NULL), d->zzb, organizer_titles[i], "organizer", 1);
	d->admin = person(d, new_name(d, NULL, NULL), d->zzb, "信息中心系统管理员", "admin", 1);
	for (int i = 0; i < NJW; i++)
		d->jw_staff[i] = person(d, new_name(d, NULL, NULL), d->jw, jw_titles[i], "organizer", 1);
}

static long long notice(struct demo *d, int year, const char *kind, const char *title,
			const char *theme, int issued, int from, int to, const char *const *areas,
			int nareas, long long *area_ids)
{
	long long id = add(d, "notice", "org_id", num(d, d->zzb), "year", num(d, year), "kind", kind,
			   "title", title, "theme", theme, "issued_on", day(d, issued),
			   "window_start", day(d, from), "window_end", day(d, to), "plan_lead_days", "10",
			   "report_due_days", "15", "warn_days", "3", NULL);
	for (int i = 0; i < nareas; i++)
		area_ids[i] = add(d, "area", "notice_id", num(d, id), "ord", num(d, i + 1), "title", areas[i], NULL);
	return id;
}

static void gen_notices(struct demo *d)
{
	d->notice2025 = notice(d, 2025, "dlm", "关于召开2025年度市直单位领导班子民主生活会的通知", theme_2025,
			       ymd(2025, 11, 10), ymd(2025, 12, 1), ymd(2026, 1, 31), areas_2025, 5, d->area2025);
	d->olm2025 = notice(d, 2025, "olm", "关于召开2025年度基层党组织组织生活会和开展民主评议党员的通知",
			    "对标党员标准、查找差距不足、发挥先锋作用", ymd(2025, 11, 20), ymd(2025, 12, 15),
			    ymd(2026, 2, 28), areas_olm_2025, 4, d->area_olm2025);
	d->notice2026 = notice(d, 2026, "dlm", "关于认真开好2026年度市直单位领导班子民主生活会的通知", theme_2026,
			       ymd(2026, 10, 15), ymd(2026, 12, 1), ymd(2027, 1, 31), areas_2026, 5, d->area2026);
	d->olm2026 = notice(d, 2026, "olm", "关于召开2026年度基层党组织组织生活会和开展民主评议党员的通知",
			    "学思想、强党性、当先锋、作表率", ymd(2026, 10, 20), ymd(2026, 12, 15),
			    ymd(2027, 2, 28), areas_olm_2026, 4, d->area_olm2026);
}

/* ---- units, departments, people, teams --------------------------------------- */

/* Team positions: the head, then deputies, then (big teams) a chief officer
 * and a 二级巡视员, and (7 or more) the resident discipline inspector. */
static void team_positions(struct team_state *t)
{
	const struct unit_def *u = t->u;
	int n = u->size, i = 0;
	int disc = n >= 7, chief = n >= 8 && u->chief, inspector = n >= 9;
	int deputies = n - 1 - disc - chief - inspector;
	snprintf(t->position[i++], sizeof t->position[0], "党组书记、%s", u->head_title);
	for (int k = 0; k < deputies; k++, i++)
		snprintf(t->position[i], sizeof t->position[0], "%s、副%s",
			 (k == 0 && n >= 8) ? "党组副书记" : "党组成员", u->head_title);
	if (chief)
		snprintf(t->position[i++], sizeof t->position[0], "党组成员、%s", u->chief);
	if (inspector)
		snprintf(t->position[i++], sizeof t->position[0], "二级巡视员");
	if (disc)
		snprintf(t->position[i++], sizeof t->position[0], "党组成员、市纪委监委驻%s纪检监察组组长",
			 u->name);
	t->n = i;
}

static int is_discipline(const struct team_state *t, int m) { return strstr(t->position[m], "纪检监察组") != NULL; }

/* Whether a phrase can be said of member m: the head and the discipline
 * inspector oversee no department and report to no head of the unit. */
static int fits(const struct team_state *t, int m, const char *text)
{
	if (m > 0 && !is_discipline(t, m))
		return 1;
	return strstr(text, "分管") == NULL && strstr(text, "主要负责同志") == NULL;
}

static void gen_unit(struct demo *d, int ti)
{
	static const char *const secretary_titles[] = {"机关党委专职副书记", "办公室副主任", "机关党委办公室主任"};
	static const char *const staff_titles[] = {"一级主任科员", "二级主任科员", "三级主任科员", "四级主任科员", "一级科员"};
	struct team_state *t = &d->t[ti];
	t->u = &units[ti % NUNITS];
	if (ti >= NUNITS) {
		/* "市财政局" -> "城东区财政局" */
		const char *base = units[ti % NUNITS].name;
		if (strncmp(base, "市", strlen("市")) == 0)
			base += strlen("市");
		snprintf(t->scaled_name, sizeof t->scaled_name, "%s%s", districts[ti / NUNITS - 1], base);
		t->scaled = units[ti % NUNITS];
		t->scaled.name = t->scaled_name;
		t->u = &t->scaled;
	}
	team_positions(t);
	while (t->ndept < MAXD && t->u->depts[t->ndept])
		t->ndept++;

	t->unit = add(d, "org", "name", t->u->name, "kind", "unit", NULL);
	for (int i = 0; i < t->ndept; i++)
		t->dept[i] = add(d, "org", "name", t->u->depts[i], "kind", "dept", "parent_id", num(d, t->unit), NULL);

	for (int m = 0; m < t->n; m++) {
		struct mj_demo_name *nm = (ti == NDRC && m == ZHANGHUA) ? new_name(d, "张华", "zhanghua")
									 : new_name(d, NULL, NULL);
		t->name[m] = *nm;
		t->pid[m] = person(d, nm, t->unit, t->position[m], "member", 1);
	}
	for (int i = 0; i < t->ndept; i++) {
		char title[96];
		snprintf(title, sizeof title, "%s%s", t->u->depts[i], dept_head_title(t->u->depts[i]));
		t->dhead[i] = person(d, new_name(d, NULL, NULL), t->dept[i], title, "staff", 0);
		set(d, "org", t->dept[i], "head_id", num(d, t->dhead[i]), NULL);
	}
	struct mj_demo_name *sec = ti == NDRC ? new_name(d, "李强", "liqiang") : new_name(d, NULL, NULL);
	t->secretary = person(d, sec, t->dept[0], secretary_titles[ti % 3], "secretary", 1);
	for (int i = 0; i < NSTAFF; i++)
		t->staff[i] = person(d, new_name(d, NULL, NULL), t->dept[1 + mj_demo_below(&d->r, t->ndept - 1)],
				     staff_titles[mj_demo_below(&d->r, 5)], "staff", 0);
	set(d, "org", t->unit, "head_id", num(d, t->pid[0]), NULL);

	char team_name[128];
	snprintf(team_name, sizeof team_name, "%s领导班子", t->u->name);
	t->team = add(d, "team", "name", team_name, "kind", "leadership", "org_id", num(d, t->unit),
		      "superior_org_id", num(d, d->zzb), "head_id", num(d, t->pid[0]),
		      "secretary_id", num(d, t->secretary), NULL);
	for (int m = 0; m < t->n; m++)
		add(d, "member", "team_id", num(d, t->team), "person_id", num(d, t->pid[m]),
		    "position", t->position[m], "is_head", m == 0 ? "1" : "0", "ord", num(d, m + 1), NULL);

	/* Who oversees what: every member but the head and the discipline
	 * inspector takes departments in turn; in 市发展改革委 the extra one
	 * goes to 张华, so that she oversees two. */
	int over[MAXM];
	t->nover = 0;
	for (int m = 1; m < t->n; m++)
		if (!is_discipline(t, m))
			over[t->nover++] = m;
	for (int i = 0; i < t->ndept; i++) {
		int slot = i < t->nover ? i : (i - t->nover + (ti == NDRC ? 1 : 0)) % t->nover;
		t->overseer[i] = over[slot];
		add(d, "oversee", "team_id", num(d, t->team), "person_id", num(d, t->pid[over[slot]]),
		    "dept_id", num(d, t->dept[i]), NULL);
	}
	for (int m = 0; m < t->n; m++) {
		char *w = t->work[m];
		size_t cap = sizeof t->work[m];
		if (m == 0)
			snprintf(w, cap, "全局工作");
		else if (is_discipline(t, m))
			snprintf(w, cap, "派驻监督工作");
		else {
			size_t off = (size_t)snprintf(w, cap, "分管的");
			int first = 1;
			for (int i = 0; i < t->ndept; i++) {
				if (t->overseer[i] != m)
					continue;
				char part[64];
				dept_work(t->u->depts[i], part, sizeof part);
				off += (size_t)snprintf(w + off, cap - off, "%s%s", first ? "" : "、", part);
				first = 0;
			}
			snprintf(w + off, cap - off, "工作");
		}
	}
}

/* ---- materials ------------------------------------------------------------ */

enum { MAT_EMPTY, MAT_DRAFT, MAT_SUBMITTED, MAT_RETURNED, MAT_FINAL };

static const char *return_reason(mj_demo_rng *r, const struct team_state *t, int m)
{
	const char *reason;
	do
		reason = mj_demo_pick(r, mj_demo_return_reason);
	while (!fits(t, m, reason));
	return reason;
}

/* The 2025 areas in the order of the problem pools (see demo_text.h). */
static const int pools_2025[5] = {0, 4, 2, 3, 1};

/* One material of member m (team_kind: the team's, written by the head) for
 * the meeting of `year`, in the given state, with its first version unless
 * still empty. */
static void material(struct demo *d, struct team_state *t, int m, int team_kind, int state, int year)
{
	mj_demo_rng *r = &d->r;
	int last_year = year == 2025;
	static const char *const state_code[] = {"draft", "draft", "submitted", "returned", "final"};
	int skip = state == MAT_RETURNED ? mj_demo_below(r, 5) : -1;
	int due = ymd(2026, 11, 24) + mj_demo_below(r, 7);
	if (t == &d->t[5])
		due = ymd(2026, 11, 18); /* one rewrite already late */
	long long id = add(d, "material", "meeting_id", num(d, last_year ? t->m2025 : t->m2026),
			   "person_id", num(d, t->pid[m]),
			   "kind", team_kind ? "team" : "member", "state", state_code[state],
			   "return_reason", state == MAT_RETURNED ? return_reason(r, t, m) : NULL,
			   "rewrite_due", state == MAT_RETURNED ? day(d, due) : NULL,
			   "current_version", state == MAT_EMPTY ? "0" : "1", NULL);
	if (state == MAT_EMPTY)
		return;

	struct mj_demo_material spec = {
		.person = t->name[m].name, .unit = t->u->name, .position = t->position[m],
		.work = t->work[m], .year = year, .theme = last_year ? theme_2025 : theme_2026, .nareas = 5,
		.last_total = t->items_total[m], .last_closed = t->items_closed[m],
		.nlast = t->nlast[m], .nquotes = t->nquote[m], .opinions = t->opinions_about[m], .talks = t->talks_of[m],
		.skip_area = skip, .team = team_kind,
		.role = m == 0 ? MJ_DEMO_HEAD : is_discipline(t, m) ? MJ_DEMO_INSPECTOR : MJ_DEMO_DEPUTY,
	};
	for (int i = 0; i < 5; i++)
		spec.areas[i] = last_year ? areas_2025[i] : areas_2026[i];
	for (int i = 0; i < t->nlast[m]; i++) {
		spec.last_items[i] = t->last_head[m][i];
		spec.last_state[i] = t->last_state[m][i];
	}
	for (int i = 0; i < t->nquote[m]; i++)
		spec.quotes[i] = t->quote[m][i];
	if (last_year) {
		spec.pool_of = pools_2025;
		spec.last_total = -1; /* 2024's ledger is not in the demo */
		spec.nlast = spec.nquotes = 0;
		spec.opinions = mj_demo_between(r, 2, 8);
		spec.talks = t->n - 1;
		for (int i = 0; i < t->ndept; i++)
			spec.talks += t->overseer[i] == m;
	} else if (team_kind) {
		spec.last_total = spec.last_closed = 0;
		for (int k = 0; k < t->n; k++) {
			spec.last_total += t->items_total[k];
			spec.last_closed += t->items_closed[k];
		}
		spec.nlast = spec.nquotes = 0;
		spec.opinions = t->opinions_total;
	}
	mj_buf text = MJ_BUF_INIT;
	/* Last year's problems are not repeated, except by one member in every
	 * third team, who repeats last year's problems on development: the
	 * case a review should flag as "年年提、年年有". */
	if (!last_year && !team_kind) {
		memcpy(spec.avoid, t->used2025[m], sizeof spec.avoid);
		if ((t - d->t) % 3 == 0 && m == t->n - 2)
			spec.avoid[2] = ~t->used2025[m][2];
	}
	if (mj_demo_compose(&text, r, &spec, last_year && !team_kind ? t->used2025[m] : NULL)) {
		mj_buf_free(&text);
		d->rc = mj_error_set(MJ_ETOOBIG, "演示材料生成失败");
		return;
	}
	int added = last_year ? t->held2025 - mj_demo_between(r, 4, 12)
		    : state == MAT_FINAL ? ymd(2026, 11, 1) + mj_demo_below(r, 14)
		    : state == MAT_RETURNED ? ymd(2026, 11, 5) + mj_demo_below(r, 8)
					    : ymd(2026, 11, 8) + mj_demo_below(r, 12);
	char filename[160];
	snprintf(filename, sizeof filename, "%s%s-%s对照检查材料.txt", team_kind ? t->u->name : t->name[m].name,
		 team_kind ? "领导班子" : "", last_year ? "2025年度" : "");
	add(d, "material_version", "material_id", num(d, id), "version", "1", "filename", filename,
	    "content", mj_buf_cstr(&text), "text", mj_buf_cstr(&text), "added_by", num(d, t->pid[m]),
	    "added_on", day(d, added), NULL);
	mj_buf_free(&text);
}

/* ---- last year: meetings held, ledgers ---------------------------------------- */

enum { ST_TODO = MJ_DEMO_TODO, ST_DOING = MJ_DEMO_DOING, ST_DONE = MJ_DEMO_DONE, ST_CLOSED = MJ_DEMO_CLOSED,
       ST_SENTBACK = MJ_DEMO_SENTBACK };
static const char *const status_code[] = {"todo", "doing", "done", "closed", "doing"};

static const char *const source_names[] = {"self", "opinion", "talk", "criticism", "oversight"};
enum { SRC_SELF, SRC_OPINION, SRC_TALK, SRC_CRITICISM, SRC_OVERSIGHT };

static void note(struct demo *d, long long item, int date, long long author, const char *kind, const char *text)
{
	add(d, "item_note", "item_id", num(d, item), "date", day(d, date), "author_id", num(d, author),
	    "kind", kind, "text", text, NULL);
}

static int min_int(int a, int b) { return a < b ? a : b; }
static int max_int(int a, int b) { return a > b ? a : b; }

/* One ledger item of team t's 2025 meeting (held on `held`), owned by member
 * m, with its history notes. */
static void ledger_item(struct demo *d, struct team_state *t, int held, int m, int source,
			int problem, int state, long long criticism_id, long long oversight_id)
{
	const int today = ymd(2026, 11, 20);
	mj_demo_rng *r = &d->r;
	int deadline = 0, closed_on = 0, evid_on = 0, prog_on = 0, back_on = 0;
	const char *progress = NULL, *evidence = NULL;

	switch (state) {
	case ST_CLOSED:
		deadline = month_end(2026, mj_demo_between(r, 3, 12));
		closed_on = max_int(min_int(deadline, ymd(2026, 11, 16)) - mj_demo_between(r, 0, 20), held + 45);
		evid_on = closed_on - mj_demo_between(r, 2, 10);
		prog_on = max_int(evid_on - mj_demo_between(r, 15, 60), held + 20);
		break;
	case ST_DONE:
		deadline = month_end(2026, mj_demo_between(r, 8, 12));
		evid_on = min_int(deadline, ymd(2026, 11, 18)) - mj_demo_between(r, 0, 20);
		prog_on = evid_on - mj_demo_between(r, 20, 50);
		break;
	case ST_DOING:
		if (mj_demo_chance(r, 40))
			deadline = month_end(2026, mj_demo_between(r, 5, 10));
		else {
			static const int soon[][2] = {{11, 22}, {11, 23}, {11, 30}, {12, 31}};
			int k = mj_demo_below(r, 4);
			deadline = ymd(2026, soon[k][0], soon[k][1]);
		}
		prog_on = min_int(deadline, today - 2) - mj_demo_between(r, 3, 40);
		break;
	case ST_TODO:
		deadline = mj_demo_chance(r, 35) ? month_end(2026, mj_demo_between(r, 4, 10))
						 : (mj_demo_chance(r, 50) ? ymd(2026, 11, 30) : ymd(2026, 12, 31));
		break;
	case ST_SENTBACK:
		deadline = month_end(2026, mj_demo_chance(r, 50) ? 10 : 12);
		back_on = ymd(2026, 11, 20) - mj_demo_between(r, 4, 30);
		evid_on = back_on - mj_demo_between(r, 3, 8);
		prog_on = evid_on - mj_demo_between(r, 20, 40);
		break;
	}
	if (state != ST_TODO)
		progress = mj_demo_pick(r, mj_demo_progress);
	if (state == ST_CLOSED || state == ST_DONE || state == ST_SENTBACK)
		evidence = mj_demo_evidence[problem];

	/* who answers for it */
	long long owner = t->pid[m];
	long long leader = source == SRC_OVERSIGHT ? t->pid[0] : owner;
	long long dept = t->dept[0];
	for (int i = 0; i < t->ndept; i++)
		if (t->overseer[i] == m) {
			dept = t->dept[i];
			break;
		}
	char ref[64] = "";
	if (source == SRC_CRITICISM && criticism_id)
		snprintf(ref, sizeof ref, "criticism:%lld", criticism_id);
	else if (source == SRC_OVERSIGHT && oversight_id)
		snprintf(ref, sizeof ref, "oversight:%lld", oversight_id);

	long long id = add(d, "item", "meeting_id", num(d, t->m2025), "source", source_names[source],
			   "source_ref", ref[0] ? ref : NULL, "problem", mj_demo_ledger_problem[problem],
			   "measure", mj_demo_ledger_measure[problem], "owner_id", num(d, owner),
			   "leader_id", num(d, leader), "dept_id", num(d, dept), "deadline", day(d, deadline),
			   "status", status_code[state], "sent_back", state == ST_SENTBACK ? "1" : "0",
			   "progress", progress, "evidence", evidence,
			   "closed_by", state == ST_CLOSED ? num(d, d->wangmin) : NULL,
			   "closed_on", state == ST_CLOSED ? day(d, closed_on) : NULL, NULL);
	if (progress)
		note(d, id, prog_on, owner, "progress", progress);
	if (evidence)
		note(d, id, evid_on, owner, "evidence", evidence);
	if (state == ST_SENTBACK)
		note(d, id, back_on, d->wangmin, "sendback", mj_demo_pick(r, mj_demo_sendback));
	if (state == ST_CLOSED)
		note(d, id, closed_on, d->wangmin, "close", mj_demo_pick(r, mj_demo_close));

	t->items_total[m]++;
	if (state == ST_CLOSED)
		t->items_closed[m]++;
	if (t->nlast[m] < 10) {
		mj_demo_headline(mj_demo_ledger_problem[problem], t->last_head[m][t->nlast[m]], sizeof t->last_head[0][0]);
		t->last_state[m][t->nlast[m]++] = state;
	}
}

/* A team's n ledger states, shuffled: about 45% closed, 15% done (awaiting
 * verification), 20% doing, the rest still to do; at least one of each
 * from five items up, so every ledger is partly closed and partly open. */
static void deal_states(mj_demo_rng *r, int *states, int n)
{
	int closed = (n * 45 + 50) / 100, done = n * 15 / 100, doing = (n * 20 + 50) / 100;
	if (done < 1)
		done = 1;
	for (int i = 0; i < n; i++)
		states[i] = i < closed ? ST_CLOSED : i < closed + done ? ST_DONE : i < closed + done + doing ? ST_DOING : ST_TODO;
	mj_demo_shuffle(r, states, n);
}

static void gen_meeting_2025(struct demo *d, int ti)
{
	struct team_state *t = &d->t[ti];
	mj_demo_rng *r = &d->r;
	int held = ymd(2025, 12, 16) + (ti % NUNITS) * 3 + mj_demo_between(r, 0, 2);
	int planned = held;
	const char *consent = NULL;
	if (ti == 6) { /* moved by a week, with the superior's consent */
		planned = held - 7;
		consent = "因市委全会安排调整，经市委组织部同意，会议推迟一周召开";
	}
	int plan_sent = planned - (ti == 9 ? 6 : mj_demo_between(r, 11, 16));
	int only_held = ti == 5 || ti == 11;
	int report = held + (ti == NDRC ? 9 : ti == 3 ? 19 : ti == 10 ? 17 : mj_demo_between(r, 6, 14));
	char place[160];
	snprintf(place, sizeof place, "%s%s", t->u->name, mj_demo_pick(r, mj_demo_places));

	t->m2025 = add(d, "meeting", "team_id", num(d, t->team), "notice_id", num(d, d->notice2025),
		       "kind", "dlm", "year", "2025", "status", only_held ? "held" : "reported",
		       "planned_date", day(d, planned), "actual_date", day(d, held), "place", place,
		       "plan_sent_on", day(d, plan_sent), "report_sent_on", only_held ? NULL : day(d, report),
		       "date_consent", consent, "summary", mj_demo_pick(r, mj_demo_summary), NULL);
	t->held2025 = held;
	for (int m = 0; m < t->n; m++)
		material(d, t, m, 0, MAT_FINAL, 2025);
	material(d, t, 0, 1, MAT_FINAL, 2025);

	/* attendance: one member away in some teams (8 of 9 in 市发展改革委) */
	int absent = (ti == NDRC || ti % 3 == 1) ? mj_demo_between(r, 3, t->n - 1) : -1;
	for (int m = 0; m < t->n; m++)
		add(d, "attendance", "meeting_id", num(d, t->m2025), "person_id", num(d, t->pid[m]),
		    "should_attend", "1", "attended", m == absent ? "0" : "1",
		    "absence_reason", m == absent ? mj_demo_pick(r, mj_demo_absence) : NULL,
		    "is_supervisor", "0", NULL);
	long long sup = d->organizer[ti % NORGANIZERS], sup2 = d->jw_staff[ti % NJW];
	add(d, "attendance", "meeting_id", num(d, t->m2025), "person_id", num(d, sup), "should_attend", "0",
	    "attended", "1", "is_supervisor", "1", NULL);
	add(d, "attendance", "meeting_id", num(d, t->m2025), "person_id", num(d, sup2), "should_attend", "0",
	    "attended", "1", "is_supervisor", "1", NULL);

	/* criticisms: each member present hears two or three of the others */
	long long crit_to[MAXM] = {0};
	for (int m = 0; m < t->n; m++) {
		if (m == absent)
			continue;
		int others[MAXM], no = 0;
		for (int o = 0; o < t->n; o++)
			if (o != m && o != absent)
				others[no++] = o;
		mj_demo_shuffle(r, others, no);
		int k = mj_demo_between(r, 2, 3);
		int issues[16], ni = 0;
		for (int i = 0; mj_demo_criticism_issue[i] && ni < 16; i++)
			if (fits(t, m, mj_demo_criticism_issue[i]))
				issues[ni++] = i;
		mj_demo_shuffle(r, issues, ni);
		for (int i = 0; i < k && i < no && i < ni; i++) {
			char text[1024];
			const char *hope;
			do
				hope = mj_demo_pick(r, mj_demo_criticism_hope);
			while (!fits(t, m, hope));
			snprintf(text, sizeof text, "%s同志%s%s", t->name[m].name,
				 mj_demo_criticism_issue[issues[i]], hope);
			long long id = add(d, "criticism", "meeting_id", num(d, t->m2025), "from_id",
					   num(d, t->pid[others[i]]), "to_id", num(d, t->pid[m]), "text", text, NULL);
			if (!crit_to[m])
				crit_to[m] = id;
		}
	}
	char comment[2048];
	int g = mj_demo_below(r, mj_demo_count(mj_demo_oversight_good));
	int a1 = mj_demo_below(r, mj_demo_count(mj_demo_oversight_ask));
	int a2 = (a1 + 1 + mj_demo_below(r, mj_demo_count(mj_demo_oversight_ask) - 1)) % mj_demo_count(mj_demo_oversight_ask);
	snprintf(comment, sizeof comment, "%s%s%s", mj_demo_oversight_good[g], mj_demo_oversight_ask[a1],
		 mj_demo_oversight_ask[a2]);
	long long oversight = add(d, "oversight", "meeting_id", num(d, t->m2025), "person_id", num(d, sup),
				  "text", comment, NULL);

	/* the ledger */
	int problems[32], np = mj_demo_count(mj_demo_ledger_problem);
	for (int i = 0; i < np; i++)
		problems[i] = i;
	mj_demo_shuffle(r, problems, np);
	int next = 0;
	if (ti == NDRC) {
		/* 张华: seven items, five closed and two still open */
		static const int src[7] = {SRC_SELF, SRC_SELF, SRC_OPINION, SRC_TALK, SRC_CRITICISM, SRC_OVERSIGHT, SRC_SELF};
		static const int st[7] = {ST_CLOSED, ST_CLOSED, ST_CLOSED, ST_DOING, ST_CLOSED, ST_CLOSED, ST_DOING};
		for (int i = 0; i < 7; i++)
			ledger_item(d, t, held, ZHANGHUA, src[i], problems[next++ % np], st[i], crit_to[ZHANGHUA], oversight);
		int states[MAXM];
		deal_states(r, states, t->n);
		for (int m = 0; m < t->n; m++)
			if (m != ZHANGHUA)
				ledger_item(d, t, held, m, mj_demo_below(r, 5), problems[next++ % np], states[m],
					    crit_to[m], oversight);
		return;
	}
	int nitems = mj_demo_between(r, 5, 10), states[16];
	deal_states(r, states, nitems);
	int order[MAXM];
	for (int m = 0; m < t->n; m++)
		order[m] = m;
	mj_demo_shuffle(r, order, t->n);
	for (int i = 0; i < nitems; i++) {
		int m = order[i % t->n];
		int source = mj_demo_below(r, 5);
		int state = states[i];
		if ((ti == 2 || ti == 7) && state == ST_DONE)
			state = ST_SENTBACK; /* verified, found wanting, sent back */
		ledger_item(d, t, held, m, source, problems[next++ % np], state, crit_to[m], oversight);
	}
}

/* ---- this year: preparation ------------------------------------------------- */

static int compare_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static void gen_studies(struct demo *d, struct team_state *t)
{
	mj_demo_rng *r = &d->r;
	int n = mj_demo_between(r, 1, 3), dates[3], topics[8];
	int ntopics = mj_demo_count(mj_demo_study_topics);
	for (int i = 0; i < ntopics; i++)
		topics[i] = i;
	mj_demo_shuffle(r, topics, ntopics);
	for (int i = 0; i < n; i++)
		dates[i] = ymd(2026, 10, 20) + mj_demo_below(r, 29);
	qsort(dates, (size_t)n, sizeof dates[0], compare_int);
	for (int i = 0; i < n; i++) {
		char who[512];
		size_t off = 0;
		int away = mj_demo_chance(r, 30) ? mj_demo_between(r, 1, t->n - 1) : -1;
		for (int m = 0; m < t->n; m++)
			if (m != away)
				off += (size_t)snprintf(who + off, sizeof who - off, "%s%s", off ? "、" : "", t->name[m].name);
		add(d, "study", "meeting_id", num(d, t->m2026), "date", day(d, dates[i]),
		    "topic", mj_demo_study_topics[topics[i]], "attendees", who, NULL);
	}
}

static void gen_opinions(struct demo *d, int ti)
{
	struct team_state *t = &d->t[ti];
	mj_demo_rng *r = &d->r;
	static const char *const channels[] = {"forum", "form", "box", "online", "interview"};
	int total = ti == NDRC ? 23 : mj_demo_between(r, 5, 20);
	long long ids[32];
	int about[32], received_on[32];
	const char *core[32];
	int nteam = mj_demo_count(mj_demo_opinion_team), nmember = mj_demo_count(mj_demo_opinion_member);
	int team_pick[16], member_pick[32];
	for (int i = 0; i < nteam; i++)
		team_pick[i] = i;
	for (int i = 0; i < nmember; i++)
		member_pick[i] = i;
	mj_demo_shuffle(r, team_pick, nteam);
	mj_demo_shuffle(r, member_pick, nmember);
	int tn = 0, mn = 0;

	for (int i = 0; i < total && i < 32; i++) {
		int dup_of = -1;
		/* 市发展改革委: three about the team, two duplicates */
		if (ti == NDRC)
			about[i] = i < 3 ? -1 : (i - 3) % t->n;
		else
			about[i] = mj_demo_chance(r, 20) ? -1 : (mj_demo_chance(r, 25) ? 0 : mj_demo_below(r, t->n));
		if (ti == NDRC && (i == 12 || i == 19)) {
			dup_of = i == 12 ? 4 : 8;
			about[i] = about[dup_of];
		}
		const char *channel = channels[mj_demo_below(r, 5)];
		int anonymous = strcmp(channel, "box") == 0 || strcmp(channel, "online") == 0 ||
				(strcmp(channel, "form") == 0 && mj_demo_chance(r, 50));
		if (dup_of >= 0)
			core[i] = core[dup_of];
		else if (about[i] < 0)
			core[i] = mj_demo_opinion_team[team_pick[tn++ % nteam]];
		else {
			do
				core[i] = mj_demo_opinion_member[member_pick[mn++ % nmember]];
			while (!fits(t, about[i], core[i]));
		}

		mj_buf text = MJ_BUF_INIT;
		mj_buf_puts(&text, anonymous ? "" : mj_demo_pick(r, mj_demo_opinion_lead));
		if (about[i] >= 0)
			mj_buf_printf(&text, "%s同志", t->name[about[i]].name);
		mj_demo_fill(&text, core[i], about[i] >= 0 ? t->work[about[i]] : NULL, t->u->name, 0);
		mj_buf_puts(&text, mj_demo_pick(r, mj_demo_opinion_ask));

		int received = ymd(2026, 10, 24) + mj_demo_below(r, 20);
		if (dup_of >= 0)
			received = received_on[dup_of] + mj_demo_between(r, 1, 4);
		received_on[i] = received;
		int feedback = about[i] >= 0 && dup_of < 0 && mj_demo_chance(r, ti == NDRC ? 60 : 30);
		ids[i] = add(d, "opinion", "meeting_id", num(d, t->m2026),
			     "about_id", about[i] >= 0 ? num(d, t->pid[about[i]]) : NULL, "channel", channel,
			     "area_id", mj_demo_chance(r, 85) ? num(d, d->area2026[mj_demo_below(r, 5)]) : NULL,
			     "text", mj_buf_cstr(&text), "received_on", day(d, received),
			     "anonymous", anonymous ? "1" : "0",
			     "submitter_id", anonymous ? NULL : num(d, t->staff[mj_demo_below(r, NSTAFF)]),
			     "duplicate_of", dup_of >= 0 ? num(d, ids[dup_of]) : NULL,
			     "feedback_on", feedback ? day(d, ymd(2026, 11, 14) + mj_demo_below(r, 6)) : NULL, NULL);
		mj_buf_free(&text);
		if (about[i] >= 0 && dup_of < 0 && t->nquote[about[i]] < 2) {
			mj_buf q = MJ_BUF_INIT;
			mj_demo_fill(&q, core[i], t->work[about[i]], t->u->name, 0);
			char *qs = t->quote[about[i]][t->nquote[about[i]]++];
			snprintf(qs, sizeof t->quote[0][0], "%s", mj_buf_cstr(&q));
			size_t ql = strlen(qs), stop = strlen("。");
			if (ql > stop && strcmp(qs + ql - stop, "。") == 0)
				qs[ql - stop] = 0; /* the quote ends the sentence */
			mj_buf_free(&q);
		}
		if (about[i] >= 0 && dup_of < 0)
			t->opinions_about[about[i]]++;
		if (dup_of < 0)
			t->opinions_total++;
	}
}

struct pair {
	int a, b;      /* member indexes; b < 0: department -1-b */
};

static void gen_talks(struct demo *d, int ti)
{
	struct team_state *t = &d->t[ti];
	mj_demo_rng *r = &d->r;
	struct pair pairs[64];
	int np = 0;
	for (int a = 0; a < t->n; a++)
		for (int b = a + 1; b < t->n; b++)
			pairs[np++] = (struct pair){a, b};
	for (int i = 0; i < t->ndept; i++)
		pairs[np++] = (struct pair){t->overseer[i], -1 - i};

	/* which required pairs are still missing */
	int missing[64] = {0};
	int idx[64];
	for (int i = 0; i < np; i++)
		idx[i] = i;
	mj_demo_shuffle(r, idx, np);
	int drops = ti == NDRC ? 2 : (ti == 4 || ti == 11) ? np * 3 / 10 : mj_demo_between(r, 0, 3);
	for (int i = 0, k = 0; i < np && k < drops; i++) {
		struct pair p = pairs[idx[i]];
		if (ti == NDRC && (p.a == 0 || p.a == ZHANGHUA || p.b == ZHANGHUA))
			continue; /* keep her gap the one to notice */
		missing[idx[i]] = 1;
		k++;
	}
	if (ti == NDRC)
		for (int i = 0; i < np; i++)
			if (pairs[i].a == ZHANGHUA && pairs[i].b == -1 - ZH_MISSING)
				missing[i] = 1;

	static const char *const modes[] = {"face", "face", "face", "face", "face", "face", "face", "face", "phone", "video"};
	for (int i = 0; i < np; i++) {
		if (missing[i])
			continue;
		struct pair p = pairs[i];
		long long b = p.b >= 0 ? t->pid[p.b] : t->dhead[-1 - p.b];
		add(d, "talk", "meeting_id", num(d, t->m2026), "a_id", num(d, t->pid[p.a]), "b_id", num(d, b),
		    "date", day(d, ymd(2026, 10, 22) + mj_demo_below(r, 29)), "mode", modes[mj_demo_below(r, 10)],
		    "notes", mj_demo_chance(r, 70) ? mj_demo_pick(r, p.b >= 0 ? mj_demo_talk_notes : mj_demo_talk_notes_dept) : NULL,
		    NULL);
		t->talks_of[p.a]++;
		if (p.b >= 0)
			t->talks_of[p.b]++;
	}
}

static int roll_material(mj_demo_rng *r, int plan_sent)
{
	int x = mj_demo_below(r, 100);
	if (plan_sent)
		return x < 40 ? MAT_SUBMITTED : MAT_FINAL;
	return x < 12 ? MAT_EMPTY : x < 30 ? MAT_DRAFT : x < 60 ? MAT_SUBMITTED : x < 70 ? MAT_RETURNED : MAT_FINAL;
}

static void gen_meeting_2026(struct demo *d, int ti)
{
	struct team_state *t = &d->t[ti];
	mj_demo_rng *r = &d->r;
	int planned = ymd(2026, 12, 8) + (ti % NUNITS) * 3 + mj_demo_between(r, 0, 2);
	int plan_sent = ti == 3 || ti == 6 || ti == 9;
	char place[160];
	snprintf(place, sizeof place, "%s%s", t->u->name, mj_demo_pick(r, mj_demo_places));
	t->m2026 = add(d, "meeting", "team_id", num(d, t->team), "notice_id", num(d, d->notice2026),
		       "kind", "dlm", "year", "2026", "status", plan_sent ? "plan_sent" : "preparing",
		       "planned_date", day(d, planned), "place", place,
		       "plan_sent_on", plan_sent ? day(d, ymd(2026, 11, 12) + mj_demo_below(r, 8)) : NULL, NULL);
	gen_studies(d, t);
	gen_opinions(d, ti);
	gen_talks(d, ti);
	for (int m = 0; m < t->n; m++) {
		int state = roll_material(r, plan_sent);
		if (ti == NDRC && m == ZHANGHUA)
			state = MAT_EMPTY; /* she starts from the drafted section 一 (scenario 3) */
		else if ((ti == 1 && m == 2) || (ti == 5 && m == 1))
			state = MAT_RETURNED;
		material(d, t, m, 0, state, 2026);
	}
	if (ti % 2 == 0)
		material(d, t, 0, 1, plan_sent ? MAT_FINAL : (mj_demo_chance(r, 50) ? MAT_SUBMITTED : MAT_DRAFT), 2026);
}

/* ---- party branches (组织生活会) ------------------------------------------------ */

static void gen_branch(struct demo *d, int ti, const char *suffix)
{
	static const char *const grades[] = {"excellent", "qualified", "qualified", "qualified"};
	struct team_state *t = &d->t[ti];
	mj_demo_rng *r = &d->r;
	long long who[8];
	int n = 0;
	for (int i = 1; i < t->ndept && n < 4; i++)
		who[n++] = t->dhead[i];
	for (int i = 0; i < NSTAFF; i++)
		who[n++] = t->staff[i];
	char name[128];
	snprintf(name, sizeof name, "%s%s", t->u->name, suffix);
	long long org = add(d, "org", "name", name, "kind", "branch", "parent_id", num(d, t->unit),
			    "head_id", num(d, who[0]), NULL);
	long long team = add(d, "team", "name", name, "kind", "branch", "org_id", num(d, org),
			     "superior_org_id", num(d, d->zzb), "head_id", num(d, who[0]),
			     "secretary_id", num(d, who[1]), NULL);
	for (int i = 0; i < n; i++)
		add(d, "member", "team_id", num(d, team), "person_id", num(d, who[i]),
		    "position", i == 0 ? "支部书记" : i == 1 ? "组织委员" : i == 2 ? "宣传委员" : "党员",
		    "is_head", i == 0 ? "1" : "0", "ord", num(d, i + 1), NULL);

	int held = ymd(2026, 1, 13) + ti * 5;
	long long m25 = add(d, "meeting", "team_id", num(d, team), "notice_id", num(d, d->olm2025), "kind", "olm",
			    "year", "2025", "status", "reported", "planned_date", day(d, held),
			    "actual_date", day(d, held), "place", "机关党员活动室",
			    "plan_sent_on", day(d, held - 12), "report_sent_on", day(d, held + 8),
			    "summary", "支部党员逐一对照检查、开展批评与自我批评，并进行了民主评议。", NULL);
	for (int i = 0; i < n; i++) {
		add(d, "attendance", "meeting_id", num(d, m25), "person_id", num(d, who[i]), "should_attend", "1",
		    "attended", "1", "is_supervisor", "0", NULL);
		const char *grade = grades[mj_demo_below(r, 4)];
		if (i == n - 1 && ti == 1)
			grade = "basic";
		add(d, "appraisal", "meeting_id", num(d, m25), "person_id", num(d, who[i]),
		    "self_grade", strcmp(grade, "excellent") == 0 ? "qualified" : grade,
		    "mutual_grade", grade, "staff_grade", grade, "grade", grade,
		    "remarks", strcmp(grade, "basic") == 0 ? "全年两次无故缺席组织生活，经支部党员大会评定为基本合格，已进行谈话提醒。"
							   : mj_demo_pick(r, mj_demo_appraisal_remark), NULL);
	}
	long long m26 = add(d, "meeting", "team_id", num(d, team), "notice_id", num(d, d->olm2026), "kind", "olm",
			    "year", "2026", "status", "preparing", "planned_date", day(d, held + 364),
			    "place", "机关党员活动室", NULL);
	for (int i = 1; i < n && i < 5; i++)
		add(d, "talk", "meeting_id", num(d, m26), "a_id", num(d, who[0]), "b_id", num(d, who[i]),
		    "date", day(d, ymd(2026, 11, 2) + 3 * i), "mode", "face", NULL);
}

/* ---- the command ------------------------------------------------------------- */

static void generate(struct demo *d)
{
	gen_superiors(d);
	gen_notices(d);
	for (int ti = 0; ti < d->nteams; ti++)
		gen_unit(d, ti);
	for (int ti = 0; ti < d->nteams; ti++)
		gen_meeting_2025(d, ti);
	for (int ti = 0; ti < d->nteams; ti++)
		gen_meeting_2026(d, ti);
	gen_branch(d, 0, "机关第一党支部");
	gen_branch(d, 1, "机关综合党支部");
}

static int database_is_empty(mj_store *st, int *empty)
{
	json_t *rows = NULL, *filters = json_object();
	int rc = mj_entity_list(st, mj_entity_find("org"), filters, 1, 0, &rows);
	json_decref(filters);
	if (!rc)
		*empty = json_array_size(rows) == 0;
	json_decref(rows);
	return rc;
}

static void demo_free(struct demo *d)
{
	free(d->t);
	free(d->people);
	free(d);
}

int mj_cmd_demo(mj_cli *cli, int argc, char **argv)
{
	mj_store *st;
	int rc = 0, empty = 0;
	long nteams = NUNITS;
	const char *teams_s = mj_opt(&argc, argv, "--teams", &rc);
	if (rc || (rc = mj_args_done(argc, argv)))
		return rc;
	if (argc > 0)
		return mj_error_set(MJ_EUSAGE, "多余的参数“%s”（用法: mingjing demo [--teams N]）", argv[0]);
	if (teams_s) {
		char *end = NULL;
		nteams = strtol(teams_s, &end, 10);
		if (!*teams_s || *end || nteams < NUNITS || nteams > MAXTEAMS)
			return mj_error_set(MJ_EUSAGE, "--teams 应为 %d 到 %d 之间的整数（领导班子个数）", NUNITS, MAXTEAMS);
	}
	if ((rc = mj_cli_store(cli, &st)))
		return rc;
	if ((rc = database_is_empty(st, &empty)))
		return rc;
	if (!empty)
		return mj_error_set(MJ_EEXISTS, "数据库 %s 中已有组织数据，演示数据只能生成到空数据库中（请用 --db 指定一个新文件）",
				    mj_store_path(st));

	struct demo *d = mj_calloc(1, sizeof *d);
	d->nteams = (int)nteams;
	d->t = mj_calloc((size_t)nteams, sizeof *d->t);
	d->maxpeople = PEOPLE_PER_TEAM * (int)nteams;
	d->people = mj_calloc((size_t)d->maxpeople, sizeof *d->people);
	d->st = st;
	mj_demo_rng_init(&d->r, DEMO_SEED);
	mj_store_actor(st, NULL, &d->actor);
	snprintf(d->actor.name, sizeof d->actor.name, "演示数据");

	if ((rc = mj_store_begin(st))) {
		demo_free(d);
		return rc;
	}
	generate(d);
	if ((rc = d->rc)) {
		mj_store_rollback(st);
		demo_free(d);
		return rc;
	}
	if ((rc = mj_store_commit(st))) {
		demo_free(d);
		return rc;
	}

	long long orgs = counted(d, "org"), people = counted(d, "person"), teams = counted(d, "team"),
		  meetings = counted(d, "meeting"), opinions = counted(d, "opinion"), talks = counted(d, "talk"),
		  materials = counted(d, "material"), items = counted(d, "item");
	if (cli->json)
		fprintf(cli->out,
			"{\"orgs\": %lld, \"people\": %lld, \"teams\": %lld, \"meetings\": %lld, "
			"\"opinions\": %lld, \"talks\": %lld, \"materials\": %lld, \"items\": %lld, "
			"\"drc_team\": %lld, \"drc_meeting_2026\": %lld}\n",
			orgs, people, teams, meetings, opinions, talks, materials, items, d->t[NDRC].team,
			d->t[NDRC].m2026);
	else
		fprintf(cli->out,
			"演示数据已生成：组织 %lld 个（含内设部门和支部），人员 %lld 人，班子 %lld 个，会议 %lld 次，"
			"征求意见 %lld 条，谈心谈话 %lld 次，对照检查材料 %lld 份，整改台账条目 %lld 条。\n"
			"组织部工作人员 王敏（登录名 wangmin），市发展改革委班子秘书 李强（liqiang），副主任 张华（zhanghua）。\n"
			"查看各班子进展：mingjing --db %s status\n",
			orgs, people, teams, meetings, opinions, talks, materials, items, mj_store_path(st));
	demo_free(d);
	return 0;
}
