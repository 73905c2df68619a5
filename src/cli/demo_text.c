/*
 * Pools of names and phrases for `mingjing demo`, and the composer of a
 * self-examination material. See demo_text.h. All the Chinese text here was
 * written for this demo; none of it is copied from real materials.
 */
#include "cli/demo_text.h"

#include <stdio.h>
#include <string.h>

#include "util/err.h"

/* ---- random numbers ---------------------------------------------------- */

void mj_demo_rng_init(mj_demo_rng *r, uint64_t seed) { r->state = seed; }

uint64_t mj_demo_next(mj_demo_rng *r)
{
	uint64_t z = (r->state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

int mj_demo_below(mj_demo_rng *r, int n)
{
	if (n <= 0)
		return 0;
	return (int)(mj_demo_next(r) % (uint64_t)n);
}

int mj_demo_between(mj_demo_rng *r, int lo, int hi)
{
	return hi <= lo ? lo : lo + mj_demo_below(r, hi - lo + 1);
}

int mj_demo_chance(mj_demo_rng *r, int pct) { return mj_demo_below(r, 100) < pct; }

void mj_demo_shuffle(mj_demo_rng *r, int *idx, int n)
{
	for (int i = n - 1; i > 0; i--) {
		int j = mj_demo_below(r, i + 1);
		int t = idx[i];
		idx[i] = idx[j];
		idx[j] = t;
	}
}

/* ---- names -------------------------------------------------------------- */

struct syllable {
	const char *han;
	const char *py;
};

static const struct syllable surnames[] = {
	{"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"}, {"陈", "chen"}, {"杨", "yang"},
	{"黄", "huang"}, {"赵", "zhao"}, {"吴", "wu"}, {"周", "zhou"}, {"徐", "xu"}, {"孙", "sun"},
	{"马", "ma"}, {"朱", "zhu"}, {"胡", "hu"}, {"郭", "guo"}, {"何", "he"}, {"高", "gao"},
	{"林", "lin"}, {"罗", "luo"}, {"郑", "zheng"}, {"梁", "liang"}, {"谢", "xie"}, {"宋", "song"},
	{"唐", "tang"}, {"韩", "han"}, {"冯", "feng"}, {"邓", "deng"}, {"曹", "cao"}, {"彭", "peng"},
	{"曾", "zeng"}, {"肖", "xiao"}, {"田", "tian"}, {"董", "dong"}, {"袁", "yuan"}, {"潘", "pan"},
	{"于", "yu"}, {"蒋", "jiang"}, {"蔡", "cai"}, {"杜", "du"}, {"叶", "ye"}, {"程", "cheng"},
	{"苏", "su"}, {"魏", "wei"}, {"吕", "lv"}, {"丁", "ding"}, {"任", "ren"}, {"沈", "shen"},
	{"姚", "yao"}, {"卢", "lu"}, {"姜", "jiang"}, {"崔", "cui"}, {"钟", "zhong"}, {"谭", "tan"},
	{"陆", "lu"}, {"汪", "wang"}, {"范", "fan"}, {"金", "jin"}, {"石", "shi"}, {"廖", "liao"},
	{"贾", "jia"}, {"夏", "xia"}, {"方", "fang"}, {"白", "bai"}, {"邹", "zou"}, {"孟", "meng"},
	{"熊", "xiong"}, {"秦", "qin"}, {"邱", "qiu"}, {"尹", "yin"}, {"薛", "xue"}, {"段", "duan"},
	{"雷", "lei"}, {"侯", "hou"}, {"龙", "long"}, {"陶", "tao"}, {"贺", "he"}, {"顾", "gu"},
	{"毛", "mao"}, {"郝", "hao"}, {"龚", "gong"}, {"邵", "shao"}, {"钱", "qian"}, {"严", "yan"},
	{"武", "wu"}, {"戴", "dai"}, {"孔", "kong"}, {"向", "xiang"}, {"常", "chang"}, {"葛", "ge"},
};

static const struct syllable given[] = {
	{"伟", "wei"}, {"芳", "fang"}, {"娜", "na"}, {"秀", "xiu"}, {"英", "ying"}, {"静", "jing"},
	{"丽", "li"}, {"磊", "lei"}, {"军", "jun"}, {"洋", "yang"}, {"勇", "yong"}, {"艳", "yan"},
	{"杰", "jie"}, {"娟", "juan"}, {"涛", "tao"}, {"明", "ming"}, {"超", "chao"}, {"霞", "xia"},
	{"平", "ping"}, {"刚", "gang"}, {"桂", "gui"}, {"建", "jian"}, {"国", "guo"}, {"志", "zhi"},
	{"文", "wen"}, {"红", "hong"}, {"海", "hai"}, {"斌", "bin"}, {"辉", "hui"}, {"鹏", "peng"},
	{"宇", "yu"}, {"晓", "xiao"}, {"丹", "dan"}, {"玲", "ling"}, {"峰", "feng"}, {"慧", "hui"},
	{"凯", "kai"}, {"晨", "chen"}, {"琳", "lin"}, {"新", "xin"}, {"东", "dong"}, {"春", "chun"},
	{"立", "li"}, {"德", "de"}, {"永", "yong"}, {"成", "cheng"}, {"亮", "liang"}, {"燕", "yan"},
	{"云", "yun"}, {"博", "bo"}, {"雪", "xue"}, {"旭", "xu"}, {"宏", "hong"}, {"振", "zhen"},
	{"卫", "wei"}, {"荣", "rong"}, {"庆", "qing"}, {"学", "xue"}, {"倩", "qian"}, {"婷", "ting"},
	{"思", "si"}, {"佳", "jia"}, {"俊", "jun"}, {"兵", "bing"}, {"莉", "li"}, {"帆", "fan"},
	{"翔", "xiang"}, {"阳", "yang"}, {"昊", "hao"}, {"哲", "zhe"}, {"铭", "ming"}, {"蕾", "lei"},
	{"琦", "qi"}, {"嘉", "jia"}, {"正", "zheng"}, {"光", "guang"}, {"继", "ji"}, {"启", "qi"},
	{"维", "wei"}, {"瑞", "rui"}, {"岩", "yan"}, {"松", "song"}, {"萍", "ping"}, {"琴", "qin"},
	{"毅", "yi"}, {"泽", "ze"}, {"颖", "ying"}, {"璐", "lu"}, {"凡", "fan"}, {"航", "hang"},
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *const reserved_names[] = {"王敏", "李强", "张华", NULL};

void mj_demo_make_name(mj_demo_rng *r, const struct mj_demo_name *taken, int ntaken,
		       struct mj_demo_name *out)
{
	for (;;) {
		const struct syllable *s = &surnames[mj_demo_below(r, COUNT(surnames))];
		const struct syllable *g1 = &given[mj_demo_below(r, COUNT(given))];
		const struct syllable *g2 = mj_demo_chance(r, 55) ? &given[mj_demo_below(r, COUNT(given))] : NULL;
		if (g2 == g1)
			continue;
		snprintf(out->name, sizeof out->name, "%s%s%s", s->han, g1->han, g2 ? g2->han : "");
		snprintf(out->login, sizeof out->login, "%s%s%s", s->py, g1->py, g2 ? g2->py : "");
		int clash = 0;
		for (int i = 0; reserved_names[i]; i++)
			clash |= strcmp(reserved_names[i], out->name) == 0;
		for (int i = 0; i < ntaken && !clash; i++)
			clash |= strcmp(taken[i].name, out->name) == 0;
		if (!clash)
			return;
	}
}

/* ---- phrase pools --------------------------------------------------------- */

const char *const mj_demo_opinion_team[] = {
	"班子研究重大事项前听取干部职工意见不够充分，有的决定出台后基层才知道，解释工作跟不上。",
	"机关会议仍然偏多，有的会议层层陪会，一个下午连开三个会，留给干业务的时间被挤占。",
	"班子成员到基层单位调研时随行人员偏多，调研点位相对固定，希望多搞“不打招呼”的随机调研。",
	"年轻干部培养使用的渠道还不够宽，轮岗交流少，有的同志在一个岗位上干了八九年。",
	"对外公开的办事指南更新不及时，企业和群众照着旧指南准备材料，来回跑了冤枉路。",
	"班子抓改革的氛围不够浓，一些老问题年年提，但具体由谁牵头、什么时候解决不够明确。",
	"机关内部考核的指标偏重留痕，报表和台账多，实际成效看得少。",
	"对上年度民主生活会整改情况的公开通报不够，干部职工不太清楚哪些问题整改到了什么程度。",
	"科室之间职责交叉的事项协调不畅，遇到难事相互推，最后往往由办公室兜底。",
	"关心关爱干部的措施落实不够，加班多的科室调休难以兑现，基层同志有些怨言。",
	"{U}的政务新媒体内容偏重会议报道，群众关心的政策解读和办事提醒偏少。",
	"班子对下属单位的日常监管偏松，有的问题是审计发现后才引起重视。",
	NULL,
};

const char *const mj_demo_opinion_member[] = {
	"{W}中有的事项推进偏慢，布置任务时要求明确，但中途过问少，到了节点才催进度。",
	"到分管科室听取意见的次数不多，科室同志想当面汇报困难时不太容易约到时间。",
	"批评下属时有时方式比较急，开会当众点名多，会后个别沟通少，年轻同志压力较大。",
	"对{W}的新政策研究较深，但向基层讲解不够通俗，下面执行时理解不一致。",
	"审核材料要求高是好事，但有时反复修改文字表述，耗费了科室较多精力。",
	"下基层调研多是听汇报、看现场，和一线干部、服务对象直接交流的时间偏短。",
	"对分管领域的廉政风险提醒讲得多，具体的制度约束和抽查检查偏少。",
	"有时把本应由分管领导拍板的事项推给主要负责同志决定，担当意识还可以更强。",
	"在{W}中对企业的诉求回应及时，但对办理结果的回访跟踪做得不够。",
	"工作安排有时临时性强，周五下午布置周一要的材料，影响科室同志正常休息。",
	"对科室报上来的创新想法支持不够，常以“稳妥起见”为由搁置。",
	"参加上级会议后传达学习及时，但结合本单位实际提出具体落实意见的少。",
	"与其他班子成员分管的科室协作事项，主动牵头协调不够，有时各管一段。",
	"对{W}的数据掌握很熟，但对数据背后群众的实际感受关注不够。",
	"在推荐干部时听取科室同志意见不够充分，希望让实绩突出、默默干事的同志有更多机会。",
	"对下属单位报送的问题批转快，但批转后督办不够，个别事项在下面“停了摆”。",
	"平时工作很投入，但对自身健康不够注意，经常加班到深夜，也带动科室形成了加班风气。",
	"在推动{W}数字化时，对基层信息化条件考虑不足，系统上线后基层重复录入较多。",
	NULL,
};

const char *const mj_demo_opinion_lead[] = {
	"", "", "",
	"从基层单位的角度看，", "在日常工作接触中感到，", "有同事反映，", "结合这一年的工作体会，",
	"在座谈中大家谈到，",
	NULL,
};

const char *const mj_demo_opinion_ask[] = {
	"", "",
	"建议改进。", "希望能引起重视。", "建议建立固定的沟通机制。", "希望在明年的工作中有所改变。",
	"建议列入整改台账，明确完成时间。",
	NULL,
};

const char *const mj_demo_criticism_issue[] = {
	"在理论学习上，参加集中学习多，结合分管工作深入思考少，交流发言有时照本宣科。",
	"在推动工作上，对一些难点问题有畏难情绪，习惯于等上级明确后再推动，主动破题不够。",
	"在调查研究上，下基层次数不少，但蹲下去解剖问题的少，调研成果转化不够。",
	"在班子协作上，对分管以外的工作过问不多，班子会上对其他同志分管事项提意见较少。",
	"在联系群众上，对来信来访和热线诉求的办理结果跟踪不够，满足于按时办结。",
	"在干部管理上，对分管科室干部严管有余、厚爱不足，谈心谈话多谈工作、少谈思想。",
	"在作风建设上，有时文件批示多、现场督办少，存在以文件落实文件的现象。",
	"在执行制度上，对分管领域内控制度的执行检查不够经常，发现问题后整改督促不够有力。",
	"在改革创新上，思路偏于稳妥，对新情况新问题研究不够，工作办法更新不快。",
	"在廉洁自律上，对分管单位的廉政风险点掌握不够全面，提醒教育的针对性不强。",
	"在统筹协调上，遇到跨科室的事项往往先划清责任，主动担起牵头责任不够。",
	"在工作作风上，有时要求下属加班赶材料，材料质量抓得紧，工作实效关注得少。",
	NULL,
};

const char *const mj_demo_criticism_hope[] = {
	"希望今后多到一线去，把情况摸透。", "希望在班子中多发挥带头作用。",
	"建议在新的一年里定下具体目标，说到做到。", "希望多一些主动担当。",
	"希望把学习成果更多地转化为解决问题的实招。", "建议和分管科室同志多交心。",
	"希望对分管领域的问题敢于较真碰硬。", "",
	NULL,
};

const char *const mj_demo_talk_notes[] = {
	"相互交流了一年来的思想和工作情况，对方坦诚指出了我在统筹协调方面的不足，我也就对方分管工作提了两点建议。",
	"围绕对照检查的重点交换了意见，双方都谈到调研不够深入的问题，约定会前再沟通一次各自的查摆情况。",
	"谈了分管工作衔接中的几个具体问题，对审批事项交接不畅的情况达成了改进共识。",
	"就年度重点任务推进情况交换意见，对方提出我在班子会上发表意见不够直接，我虚心接受。",
	"交流了学习体会，谈到“十五五”开局之年的工作思路，相互提醒在落实中央八项规定精神上从严要求。",
	"相互指出了对方在作风方面的问题，谈得比较深入，也交换了对班子建设的看法。",
	"双方围绕如何把批评与自我批评开展得更有辣味交换了意见，约定在会上直言不讳。",
	NULL,
};

const char *const mj_demo_talk_notes_dept[] = {
	"听取了科室工作情况和干部思想动态，对方反映科室人手紧、加班多，商定年底前研究解决办法。",
	"就科室的廉政风险点进行了沟通，提醒在项目评审和资金拨付环节把好关。",
	"对方提到我布置工作有时过急，我表示今后注意给科室留出合理时间。",
	"听取了科室对班子和本人的意见建议，对方直言下基层调研时和科室沟通不够，我当场认领。",
	"谈了科室年轻干部的培养使用，请对方多关心同志们的思想和生活。",
	NULL,
};

const char *const mj_demo_study_topics[] = {
	"学习贯彻党的二十届四中全会精神专题研讨",
	"学习习近平总书记关于树立和践行正确政绩观的重要论述",
	"党章和《中国共产党纪律处分条例》集中学习",
	"围绕“十五五”规划开好局起好步专题研讨",
	"学习中央八项规定及其实施细则精神，深化作风建设",
	"以案为鉴、以案促改警示教育专题学习",
	"学习习近平总书记关于调查研究的重要论述",
	"学习民主集中制和党内政治生活若干准则",
	NULL,
};

const char *const mj_demo_places[] = {
	"机关三楼第一会议室", "机关五楼党员活动室", "机关二楼小会议室", "机关四楼会议室",
	"机关六楼党组会议室", "机关一楼多功能厅",
	NULL,
};

const char *const mj_demo_absence[] = {
	"在省里参加专题培训班，已向市委组织部请假并获同意",
	"因病住院治疗，已履行请假手续",
	"带队在外地开展招商考察，经批准请假",
	"参加省厅召开的紧急工作会议，已报告并获同意",
	NULL,
};

const char *const mj_demo_oversight_good[] = {
	"这次民主生活会准备比较充分，会前学习研讨、征求意见和谈心谈话扎实开展，对照检查材料问题查摆比较具体。",
	"会议主题鲜明，程序规范，班子成员能够联系思想和工作实际查找问题，自我批评比较深刻。",
	"从会议情况看，班子对上年度整改情况作了通报，相互批评开门见山，有几条意见辣味比较足。",
	"班子和班子成员对照检查材料由本人撰写，查摆的问题见人见事，剖析原因比较深入。",
	NULL,
};

const char *const mj_demo_oversight_ask[] = {
	"也要看到，个别同志的问题查摆还停留在工作层面，思想根源挖得不深；相互批评中提希望多、点问题少。",
	"会后要把查摆的问题、征求的意见和批评意见逐条梳理，列出清单，明确责任人和时限，按期对账销号。",
	"要把整改落实与推动年度重点工作结合起来，防止整改和业务“两张皮”。",
	"对上年度尚未整改到位的问题，要说明原因、继续推进，不能一年一年往后拖。",
	NULL,
};

const char *const mj_demo_summary[] = {
	"这次民主生活会开得严肃认真，达到了统一思想、找准问题、明确方向的目的。会后，班子将对查摆的问题和大家提出的批评意见逐条建立台账，一项一项抓好整改，确保件件有着落、事事有回音。",
	"大家在会上坦诚相见，既红了脸、出了汗，也增进了团结。班子要以这次会议为新的起点，把整改成效体现到全年目标任务的完成上，请督导组和干部职工监督。",
	"会议达到了预期目的。下一步，班子要把督导组的点评意见和会上的批评意见吸收到整改方案中，一把手带头，班子成员各负其责，按时向市委组织部报告整改进展。",
	NULL,
};

const char *const mj_demo_ledger_problem[] = {
	"理论学习与业务工作结合不紧。中心组学习多是原文通读，结合本单位实际开展研讨不够。",
	"调查研究不够深入。班子成员到基层调研多集中在城区，到偏远乡镇和困难企业的次数偏少。",
	"会议文件仍然偏多。全年以单位名义召开的会议和印发的文件数量较上年没有明显下降。",
	"对企业诉求的跟踪办理不到位。部分企业反映的问题转办后缺少回访，办理质量不高。",
	"执行民主集中制不够严格。个别议题上会前沟通不充分，班子会上讨论不够深入。",
	"分管领域廉政风险防控有薄弱环节。项目评审专家抽取和回避制度执行记录不完整。",
	"干部教育培养不够系统。年轻干部轮岗交流少，专业培训针对性不强。",
	"办事指南和政策解读更新滞后。网站公开的部分事项材料清单与实际要求不一致。",
	"重点项目推进抓落实的韧劲不足。个别项目前期工作拖期，年中调度后仍未追上进度。",
	"对下属单位的监管偏松。个别单位内部财务管理不规范，审计指出后才督促整改。",
	"联系服务群众的渠道单一。对12345热线诉求办结率关注多，对群众满意度关注少。",
	"意识形态工作责任落实不够到位。对单位政务新媒体内容审核把关的制度执行不严。",
	"科室之间协作不畅。涉及多个科室的事项职责边界不清，出现推诿现象。",
	"机关作风建设有松劲现象。个别干部上班时间办事效率不高，服务态度生硬。",
	"数据统计基础不牢。个别统计数据口径不一致，上报后多次更正。",
	"关心关爱干部措施落实不到位。加班较多的科室调休难以兑现。",
	NULL,
};

const char *const mj_demo_ledger_measure[] = {
	"制定中心组年度学习计划，每季度围绕一个重点课题开展专题研讨，形成研讨成果。",
	"建立班子成员基层联系点制度，每人每季度到偏远乡镇或困难企业调研不少于1次。",
	"实行会议和文件计划管理，全年会议、文件数量较上年压减20%以上。",
	"建立企业诉求办理台账和回访制度，办结后10个工作日内回访，按月通报。",
	"修订党组议事规则，明确重大事项会前沟通和充分讨论的程序要求。",
	"完善项目评审专家抽取和回避登记制度，每半年开展一次执行情况检查。",
	"制定年轻干部培养三年计划，推动科室之间轮岗交流，开展专业能力培训。",
	"全面梳理政务服务事项办事指南，逐项核对更新，建立动态维护机制。",
	"对重点项目实行清单化管理，班子成员包联推进，每月调度一次。",
	"对下属单位开展财务管理专项检查，督促建章立制，年底前完成整改。",
	"建立热线诉求满意度回访机制，对不满意件逐件分析、二次办理。",
	"修订政务新媒体信息发布审核办法，落实“三审三校”制度。",
	"梳理跨科室事项清单，明确牵头科室和配合科室，印发职责分工方案。",
	"开展机关作风专项整治，设立意见箱，组织作风明察暗访。",
	"统一统计口径，建立数据审核会商制度，明确审核责任人。",
	"制定干部调休和关爱措施，由办公室统筹落实并每季度检查。",
	NULL,
};

const char *const mj_demo_progress[] = {
	"已制定工作方案，明确了责任科室和时间节点，正在按计划推进。",
	"已召开专题会议研究部署，完成了前期摸底，问题清单已建立。",
	"已完成阶段性任务，相关制度草案已征求各科室意见，正在修改完善。",
	"已组织开展专项检查一次，发现的问题已督促相关单位整改。",
	"整改措施已落实大部分，剩余事项涉及跨部门协调，正在会商推进。",
	"因牵头单位机构调整，部分工作有所延后，已重新明确时间表。",
	"已完成制度修订并提交党组会审议，待审议通过后印发执行。",
	NULL,
};

const char *const mj_demo_evidence[] = {
	"中心组年度学习计划、四次专题研讨发言材料汇编",
	"基层联系点制度文件、班子成员调研记录和调研报告",
	"会议文件计划、全年会议文件数量统计对比表",
	"企业诉求办理台账、回访记录和月度通报",
	"修订后的党组议事规则、党组会会议纪要",
	"专家抽取和回避登记制度、半年执行情况检查报告",
	"年轻干部培养计划、轮岗交流名单和培训通知",
	"更新后的办事指南目录、核对清单和网站截图",
	"重点项目推进清单、月度调度会议纪要",
	"专项检查报告、下属单位整改回执和新建制度汇编",
	"满意度回访台账、二次办理情况统计",
	"政务新媒体信息发布审核办法、三审三校记录",
	"跨科室事项清单、职责分工方案印发文件",
	"作风专项整治方案、明察暗访情况通报",
	"统计口径说明、数据审核会商记录",
	"干部调休和关爱措施文件、季度检查记录",
	NULL,
};

const char *const mj_demo_close[] = {
	"经核对佐证材料，整改措施已落实到位，同意销号。",
	"经实地查看和抽查台账，整改完成，予以销号。",
	"佐证材料齐全，制度已印发执行，同意销号。",
	"经与责任科室核实，问题已解决，销号。",
	NULL,
};

const char *const mj_demo_sendback[] = {
	"佐证材料只有工作方案，缺少落实情况和成效的记录，请补充后重新报送。",
	"整改措施与问题对应不够，制度虽已起草但尚未印发执行，不具备销号条件。",
	"抽查发现仍有同类问题发生，整改不彻底，请继续整改并说明长效措施。",
	NULL,
};

const char *const mj_demo_return_reason[] = {
	"问题查摆偏重工作层面，思想根源剖析不深，个别对照方面没有查摆问题，请对照通知要求修改。",
	"材料中多处表述与模板雷同，缺少本人分管领域的具体事例，请结合实际重写。",
	"对上年度整改情况只写了完成情况，未说明未完成事项的原因，整改措施缺少时限，请补充完善。",
	NULL,
};

const char *const mj_demo_appraisal_remark[] = {
	"", "", "工作积极主动，群众评价较好。", "业务能力强，在急难任务中发挥了党员作用。",
	"按时参加组织生活，学习笔记记录完整。", "服务意识还需增强。",
	NULL,
};

int mj_demo_count(const char *const *pool)
{
	int n = 0;
	while (pool[n])
		n++;
	return n;
}

const char *mj_demo_pick(mj_demo_rng *r, const char *const *pool)
{
	return pool[mj_demo_below(r, mj_demo_count(pool))];
}

struct key {
	const char *name; /* "{W}" */
	const char *value;
};

/* Appends tpl with every {X} of keys replaced; unknown braces stay. */
static int fill_keys(mj_buf *b, const char *tpl, const struct key *keys)
{
	int rc = 0;
	for (const char *p = tpl; *p && !rc;) {
		const struct key *k = keys;
		while (k->name && strncmp(p, k->name, strlen(k->name)) != 0)
			k++;
		if (k->name) {
			rc = mj_buf_puts(b, k->value);
			p += strlen(k->name);
			continue;
		}
		const char *q = strchr(p + 1, '{');
		size_t len = q ? (size_t)(q - p) : strlen(p);
		rc = mj_buf_put(b, p, len);
		p += len;
	}
	return rc;
}

/* {W} {U} {N}, and {Y} {Z} for the material's year and the next. */
static int fill_year(mj_buf *b, const char *tpl, const char *work, const char *unit, int n, int year)
{
	char ns[16], ys[16], zs[16];
	snprintf(ns, sizeof ns, "%d", n);
	snprintf(ys, sizeof ys, "%d", year);
	snprintf(zs, sizeof zs, "%d", year + 1);
	const struct key keys[] = {{"{W}", work ? work : "分管工作"}, {"{U}", unit ? unit : "本单位"},
				   {"{N}", ns}, {"{Y}", ys}, {"{Z}", zs}, {NULL, NULL}};
	return fill_keys(b, tpl, keys);
}

int mj_demo_fill(mj_buf *b, const char *tpl, const char *work, const char *unit, int n)
{
	return fill_year(b, tpl, work, unit, n, 2026);
}

void mj_demo_headline(const char *s, char *out, size_t n)
{
	const char *end = strstr(s, "。");
	size_t len = end ? (size_t)(end - s) : strlen(s);
	if (len >= n)
		len = n - 1;
	/* never cut a UTF-8 sequence in half */
	while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
		len--;
	memcpy(out, s, len);
	out[len] = 0;
}

/* ---- specific examples ------------------------------------------------------ */
/*
 * A real material backs each problem with an example of its own: a date, a
 * place, a matter, a number. These pools are cut so that no stretch of fixed
 * text reaches 13 characters without a slot ({M} month, {D} day, {N} number,
 * {P} place, {X} matter, {R} a colleague, {W} the member's field): two members
 * share a 13-character run only when they draw the same values, so the review
 * sees each example as the member's own text, not as 套话.
 */
static const char *const ex_when[5][6] = {
	{"{M}月中心组学习{X}专题时", "{M}月{D}日的读书班上", "准备{X}专题党课时", "{M}月写{X}学习体会时",
	 "{M}月参加{P}研讨交流时", NULL},
	{"{M}月研究{X}的班子会上", "{M}月{D}日讨论{X}时", "{M}月处理{P}反映的{X}问题时", "{M}月起草{X}请示时",
	 "与{R}交换{X}意见时", NULL},
	{"推进{P}{X}项目时", "{M}月调度{X}工作时", "{M}月{D}日协调{P}{X}事项时", "年中检查{X}进度时",
	 "牵头{X}改革任务时", NULL},
	{"{M}月到{P}调研{X}时", "{M}月办理{P}群众关于{X}的诉求时", "{M}月{D}日接待{P}来访群众时",
	 "督办{X}民生实事时", "走访{P}服务对象时", NULL},
	{"{M}月组织{X}会议时", "{M}月{D}日审核{X}经费时", "{M}月安排{P}考察接待时", "{M}月审签{X}文件时",
	 "节前部署{X}工作时", NULL},
};
static const char *const ex_what[5][6] = {
	{"发言{N}分钟大半在念材料", "读原著不到{N}十页就交了心得", "只记了{N}条笔记没有消化", "联系{W}的内容只有{N}句",
	 "引用的{N}处论述未核出处", NULL},
	{"我没有把保留意见讲出来", "{N}天后才向班子通报情况", "对{R}的不同看法没有回应", "会前只与{N}名同志沟通过",
	 "事后{N}天才补报书面材料", NULL},
	{"{N}项任务拖到第四季度才启动", "开了{N}次会仍未解决", "等上级文件等了{N}个月", "拿出的{N}条举措多是老办法",
	 "{N}个部门的意见至今没有统一", NULL},
	{"只听了{N}个单位的汇报", "办结后没有回访，群众又打了{N}次电话", "{N}件诉求超过了办理时限",
	 "看的{N}个点都是先进典型", "{N}户反映的问题至今未解决", NULL},
	{"会议材料印了{N}十页，多数没用上", "有{N}笔开支事前没有测算", "陪同人员多了{N}人未及时纠正",
	 "一份文件改了{N}稿仍然冗长", "提醒只在会上讲了{N}句", NULL},
};
static const char *const ex_then[] = {
	"被{R}当面指了出来", "征求意见时有{N}名同志提到此事", "{R}在谈心时提醒过我", "后经{R}补救才没有误事",
	"{P}的同志反映后才引起重视", NULL,
};
static const char *const ex_lead[] = {"比如，", "例如，", "如", "具体来说，", NULL};
static const char *const ex_places[] = {
	"城东街道", "高新区", "北湖镇", "滨江社区", "南山乡", "经开区", "西城区", "临河镇",
	"青石村", "老城片区", "东岗社区", "桃源镇", "柳岸街道", "石桥乡", "云峰村", "港区",
	NULL,
};
static const char *const ex_matters[] = {
	"营商环境", "项目审批", "老旧小区改造", "数字政府", "河道整治", "稳岗就业", "政务服务",
	"产业园区", "乡村振兴", "安全生产", "招商引资", "公共服务", "城市更新", "养老托育",
	"物流枢纽", "耕地保护", NULL,
};
static const char *const ex_people[] = {
	"办公室主任", "科室负责人", "驻局纪检组组长", "一位老同志", "综合科科长", "基层站所负责人",
	"年轻干部", "财务科科长", "规划科科长", "办事群众", NULL,
};

/* Per-area measures that name the problems they answer; {H} the headlines. */
static const char *const ex_measure[5][3] = {
	{"针对{H}的问题，{Z}年{M}月底前围绕{X}精读原著{N}篇，写出调研报告。",
	 "针对{H}的问题，把{X}列为自学重点，{Z}年{M}月底前在中心组发言{N}次。", NULL},
	{"针对{H}的问题，每季度与{R}谈心{N}次，{X}等重要事项事前报告。",
	 "针对{H}的问题，{Z}年{M}月底前就{X}事项与{R}专题沟通{N}次。", NULL},
	{"针对{H}的问题，对{X}任务建立清单，每月调度{N}次，{Z}年{M}月底前见效。",
	 "针对{H}的问题，牵头协调{P}{X}事项，明确{N}个节点，{Z}年{M}月底前办结。", NULL},
	{"针对{H}的问题，每季度到{P}蹲点不少于{N}天，对{X}诉求逐件回访。",
	 "针对{H}的问题，对{P}反映的{X}问题建立台账，{Z}年{M}月底前销号{N}件。", NULL},
	{"针对{H}的问题，清理{X}文件报表，会议压减{N}成，{Z}年{M}月底前完成。",
	 "针对{H}的问题，对{X}经费逐笔复核，{Z}年{M}月底前完善{N}项制度。", NULL},
};

/* The slot values of one material's examples. */
static int fill_slots(mj_buf *b, mj_demo_rng *x, const char *tpl, const char *work, int year, const char *heads)
{
	char ms[16], ds[16], ns[16], zs[16];
	snprintf(ms, sizeof ms, "%d", mj_demo_between(x, 1, 10));
	snprintf(ds, sizeof ds, "%d", mj_demo_between(x, 1, 28));
	snprintf(ns, sizeof ns, "%d", mj_demo_between(x, 2, 9));
	snprintf(zs, sizeof zs, "%d", year + 1);
	const struct key keys[] = {{"{M}", ms},
				   {"{D}", ds},
				   {"{N}", ns},
				   {"{Z}", zs},
				   {"{P}", mj_demo_pick(x, ex_places)},
				   {"{X}", mj_demo_pick(x, ex_matters)},
				   {"{R}", mj_demo_pick(x, ex_people)},
				   {"{W}", work ? work : "分管工作"},
				   {"{H}", heads ? heads : ""},
				   {NULL, NULL}};
	return fill_keys(b, tpl, keys);
}

/* Appends one example of area pool t ("比如，……。"). */
static int example(mj_buf *b, mj_demo_rng *x, int t, const char *work, int year)
{
	int rc = mj_buf_puts(b, mj_demo_pick(x, ex_lead));
	rc |= fill_slots(b, x, mj_demo_pick(x, ex_when[t]), work, year, NULL);
	rc |= mj_buf_puts(b, "，");
	rc |= fill_slots(b, x, mj_demo_pick(x, ex_what[t]), work, year, NULL);
	if (mj_demo_chance(x, 60)) {
		rc |= mj_buf_puts(b, "，");
		rc |= fill_slots(b, x, mj_demo_pick(x, ex_then), work, year, NULL);
	}
	return rc | mj_buf_puts(b, "。");
}

/* A seed of its own for a material's examples, so that they do not shift the
 * demo's main random sequence (names, dates and ids stay what they were). */
static uint64_t material_seed(const struct mj_demo_material *m)
{
	uint64_t h = 1469598103934665603ull;
	const char *parts[] = {m->person, m->unit, m->position};
	for (int i = 0; i < 3; i++)
		for (const char *p = parts[i] ? parts[i] : ""; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return h ^ (uint64_t)m->year * 0x9E3779B97F4A7C15ull ^ (uint64_t)m->team;
}

/* ---- the material ----------------------------------------------------------- */

/* Problems by area theme of the 2026 notice (five areas), in a member's voice. */
static const char *const problems_member[5][14] = {
	{"理论学习的系统性还不够强。满足于参加中心组集中学习，个人自学多跟着文件走，对新思想新论断的来龙去脉钻研不深。",
	 "学用结合还有差距。面对{W}中的新情况，习惯于凭经验办事，主动从党的创新理论中找立场、找方法的意识不强。",
	 "以学促干的自觉性不够。今年参加专题读书班{N}次，撰写的心得体会多是复述文件，结合分管领域谈认识、提举措的内容偏少。",
	 "对新知识新领域学得不够。对数字经济、人工智能等新领域钻研不深，指导{W}时时常感到本领不足。",
	 "理论联系实际的功夫下得不深。牵头形成的调研报告引用理论多、分析问题少，存在“两张皮”现象。",
	 "运用理论指导实践的本领不足。面对复杂问题，习惯于从业务层面找原因，从政治上、全局上分析不够。",
	 NULL},
	{"执行民主集中制还有不到位的地方。在班子会议上讨论其他同志分管工作时，有时碍于情面，提出不同意见不够直接。",
	 "请示报告意识有所松懈。对{W}中的一些重要情况，有时在事情有了结果后才向主要负责同志报告，事前沟通不够及时。",
	 "落实“一岗双责”不够有力。抓业务多、抓党建少，对分管科室干部的思想动态关心不够，谈心谈话多停留在工作层面。",
	 "维护班子团结的主动性不够。与班子其他成员的沟通多限于工作交接，交心谈心少，对分管交叉的事项主动协调不够。",
	 "贯彻上级决策部署有时存在温差。对难度大的任务传达部署及时，但跟踪问效不够，有“以会议落实会议”的情况。",
	 "#D参与集体决策还不够主动。对班子研究的一些业务事项，有时认为不属于自己的职责范围，深入思考和发表意见不多。",
	 "#H履行第一责任人职责还有差距。对班子成员分管领域的党风廉政建设过问不够经常，压力传导存在层层递减。",
	 "#H发扬民主不够充分。在班子会议上有时先表态定调，其他同志不便充分发表不同意见。",
	 "#H听取不同意见的胸怀还不够宽。对班子成员提出的不同看法，有时解释多、采纳少。",
	 "带头开展批评与自我批评不够。在班子内部提醒多、批评少，担心影响团结，批评的辣味不足。",
	 "#D坚持原则的刚性还不够强。在集体研究问题时，有时随大流、附和多，独立思考后提出建设性意见少。",
	 "#D对班子决策执行情况的跟踪监督不够。对集体研究确定的事项过问不多，发现偏差后提醒不够及时。",
	 NULL},
	{"谋划工作的前瞻性不够。在“十五五”相关课题研究中，对{U}未来五年的发展思路研究不深，提出的举措有的还是老办法。",
	 "改革攻坚的劲头不足。面对流程再造等硬骨头，怕担风险、怕出问题，习惯于等上级出台文件再推动。",
	 "抓落实的韧劲不够。{W}中有的重点任务年初部署热热闹闹，年中推进放缓，年底前才集中突击。",
	 "服务企业和基层的精准度不高。对企业反映的共性问题归纳不够，解决个案多、推动制度性解决少。",
	 "统筹协调能力有待提升。涉及多个部门的事项，有时满足于发函、开会，跟踪督办不到位，个别事项久拖未决。",
	 NULL},
	{"调查研究不够深入。今年到基层调研{N}次，但多是到基础较好的地方看点、听汇报，到矛盾集中的地方蹲点少。",
	 "对群众急难愁盼回应不够及时。对热线转来的涉及{W}的诉求，满足于按时办结，对办理质量和满意度跟踪不够。",
	 "政绩观存在偏差苗头。安排工作时有时更看重能出亮点、能上简报的事项，对打基础、利长远的工作投入不足。",
	 "联系服务群众的方式比较单一。习惯于通过文件和会议了解情况，直接听取一线干部和服务对象意见的渠道不多。",
	 "为民办实事的成效不够明显。年初确定的民生实事项目中有的进度滞后，群众的获得感还不够强。",
	 NULL},
	{"文风会风还需改进。有的讲话稿和材料篇幅偏长，有的会议可开可不开，基层反映会议和报表负担仍然不轻。",
	 "对分管领域廉政风险防控抓得不够细。对{W}中项目评审、资金拨付等关键环节的风险点排查不全，日常监督偏软。",
	 "对身边工作人员和家属的要求不够经常。对家属子女的教育提醒多在逢年过节时说一说，没有形成常态。",
	 "勤俭节约的意识有所淡化。公务接待和会议安排虽然符合规定，但精打细算的意识还可以更强。",
	 "执行报备制度有时不够严谨。今年有一次因公外出未在出发前履行报备手续，虽已补报，但反映出规矩意识还需加强。",
	 "对苗头性问题的警惕性不够高。对节日期间可能出现的收送土特产等问题，提醒不够及时、要求不够严厉。",
	 NULL},
};

/* The same areas in the team's voice. */
static const char *const problems_team[5][5] = {
	{"理论学习中心组学习质量有待提高。专题研讨准备不够充分，有的发言以读稿为主，交流碰撞不多。",
	 "学习成果转化不够。学习后形成的工作举措偏原则，对{U}重点难点问题的破解作用不明显。",
	 "学习制度执行不够严格。个别班子成员因公务缺席集中学习后补学不及时。",
	 NULL},
	{"民主集中制执行有薄弱环节。个别“三重一大”事项会前酝酿不充分，班子会上讨论深度不够。",
	 "党组主体责任传导不够有力。对下属单位党建工作督导多于指导，压力层层递减的问题仍然存在。",
	 "班子内部批评与自我批评开展不够经常。平时相互提醒少，“好人主义”思想仍有残余。",
	 NULL},
	{"服务发展大局的站位还不够高。对“十五五”开局的重大项目谋划储备不足，主动对接上级政策不够。",
	 "改革创新的办法不多。面对新形势新任务，有的工作仍沿用老思路，缺少突破性举措。",
	 "抓落实的机制不够健全。重点任务督办考核偏重过程留痕，对实际成效评价不够。",
	 NULL},
	{"深入基层调研不够。班子成员调研点位相对集中，对困难多、矛盾多的地方研究不够深入。",
	 "回应群众关切不够及时。对群众反映集中的问题，有的解决周期偏长，群众满意度还有提升空间。",
	 "政绩观还需端正。有时存在重显绩轻潜绩的倾向，对打基础的工作重视程度不够。",
	 NULL},
	{"落实中央八项规定精神还有薄弱环节。文件会议精简成效不明显，基层负担仍然较重。",
	 "廉政风险防控不够严密。对项目审批、资金分配等重点环节的制度约束和日常监督还需加强。",
	 "作风建设常态长效机制不够完善。专项整治时抓得紧，平时抓得松，存在反弹现象。",
	 NULL},
};

static const char *const causes_member[] = {
	"理论武装有所放松。认为自己长期在机关工作，理论基础还可以，学习的紧迫感有所减弱。",
	"党性修养锤炼不够。随着工作年限和职务变化，对照党章党规检视自己少了，自我要求有所降低。",
	"宗旨意识有所淡化。对“为了谁、依靠谁、我是谁”思考不深，与群众的感情没有随着职务的变化而加深。",
	"担当精神不足。面对新任务新挑战，求稳怕乱的思想有所抬头，“不求有功、但求无过”的想法在一定程度上存在。",
	"纪律规矩意识有所松懈。认为自己一贯遵规守纪，对小事小节的危害认识不足，警钟长鸣的自觉性不够。",
	"政绩观还不够端正。有时看重显绩、忽视潜绩，在抓落实上满足于过得去、不出错。",
	"工作方法有待改进。习惯于凭老经验开展工作，运用系统思维、法治思维解决问题的能力不足。",
	"斗争精神不够强。在原则问题上有时不愿红脸出汗，批评与自我批评的辣味不足。",
	NULL,
};

static const char *const measures_member[] = {
	"在强化理论武装上下功夫。制定个人年度学习计划，每月至少精读一篇重要文献，围绕{W}撰写一篇有分量的调研报告，{Z}年6月底前完成。",
	"在严格党内生活上下功夫。带头执行民主集中制，在班子会议上坦诚发表意见；每季度至少与分管科室负责人谈心一次，长期坚持。",
	"在推动发展上下功夫。梳理{W}中的重点任务，建立清单、明确时限，每月调度一次，{Z}年上半年取得明显进展。",
	"在服务群众上下功夫。每季度到基层一线蹲点调研不少于2天，对群众反映的问题建立台账、跟踪办结，{Z}年3月底前形成长效机制。",
	"在转变作风上下功夫。严控发文数量和会议规模，能合并的会议一律合并，{Y}年12月底前完成分管领域文件报表清理。",
	"在廉洁自律上下功夫。对分管领域廉政风险点再排查一遍，完善防控措施，{Z}年1月底前完成；严格管好家属子女和身边工作人员。",
	"在提升本领上下功夫。围绕新领域新业态参加专题培训，主动向专家和基层学习，{Z}年内补齐知识短板。",
	"在抓好整改落实上下功夫。对本次查摆的问题和征求到的意见逐条建立台账，明确措施和时限，主动接受监督，整改一项、销号一项。",
	NULL,
};

static const char *const measures_team[] = {
	"坚持以上率下抓学习。完善党组理论学习中心组学习制度，每次专题研讨确定重点发言人，{Z}年起每季度开展一次学习成效评估。",
	"严格落实民主集中制。修订党组工作规则和“三重一大”决策程序，重大事项会前充分酝酿，{Z}年3月底前完成。",
	"聚焦发展抓落实。围绕“十五五”开局重点任务，建立班子成员领衔推进清单，每月调度、每季度通报。",
	"持续为民办实事。建立群众诉求“接诉即办”闭环机制，对反映集中的问题挂牌督办，{Z}年6月底前见到明显成效。",
	"驰而不息转作风。制定精文简会具体措施，全年会议文件数量较上年压减15%以上；健全作风建设长效机制，定期开展明察暗访。",
	"从严抓好整改。对本次查摆的问题、征求的意见和批评意见逐条建立整改台账，明确责任领导、责任科室和完成时限，按期对账销号。",
	NULL,
};

/* Openings: {Y} year, {T} theme, {S} "本人"/"我", {O} opinions, {K} talks,
 * {A} number of areas, {P} whom the talks were with. */
static const char *const openings[] = {
	"根据市委组织部关于召开{Y}年度民主生活会的通知要求，围绕“{T}”这一主题，{S}会前认真参加了专题学习研讨，通过座谈会、征求意见表和网上征求等方式广泛听取意见，收到涉及本人的意见建议{O}条，与{P}开展谈心谈话{K}次，对照通知提出的{A}个方面，深入查摆问题、剖析根源。",
	"按照{Y}年度民主生活会的部署，聚焦“{T}”的主题，{S}坚持把学习贯穿始终，会前逐项对照通知要求查找差距，征求到针对本人的意见建议{O}条，逐一认领、不回避不遮掩，并与{P}谈心谈话{K}次，围绕{A}个方面进行了认真检视。",
	"为开好{Y}年度民主生活会，{S}对照“{T}”的主题要求，先学一步、深学一层，在认真学习的基础上，对征求到的{O}条意见建议逐条认领，通过{K}次谈心谈话听取意见、交换看法，紧扣通知提出的{A}个方面，把自己、职责和工作都摆进去逐项对照。",
	NULL,
};

static const char *const closings[] = {
	"下面，将个人对照检查情况报告如下。",
	"现将个人对照检查情况报告如下，请予批评指正。",
	"下面，我将对照检查情况报告如下，不妥之处请同志们批评帮助。",
	NULL,
};

static const char *const team_openings[] = {
	"按照市委组织部关于召开{Y}年度民主生活会的通知要求，围绕“{T}”的主题，领导班子会前认真组织学习研讨，广泛征求意见建议{O}条，班子成员之间、班子成员与分管科室负责同志之间普遍开展了谈心谈话，对照{A}个方面逐项查摆问题。现将班子对照检查情况报告如下。",
	"为开好{Y}年度民主生活会，班子紧扣“{T}”的主题，坚持学在前、查在前、改在前，通过多种渠道征求到意见建议{O}条，梳理归类后逐条认领，对照通知提出的{A}个方面深入查摆问题、剖析原因。现报告如下。",
	NULL,
};

/* Whether a template fits the writer: "#H" ones are for the head only, "#D"
 * ones for everyone but the head; the
 * head and the discipline inspector oversee no department and report to no
 * head of the unit, so templates about those are left out for them. */
static int suits(const char *tpl, int role)
{
	if (strncmp(tpl, "#H", 2) == 0)
		return role == MJ_DEMO_HEAD;
	if (strncmp(tpl, "#D", 2) == 0)
		return role != MJ_DEMO_HEAD;
	if (role == MJ_DEMO_DEPUTY)
		return 1;
	return strstr(tpl, "分管") == NULL && strstr(tpl, "主要负责同志") == NULL;
}

/* How section 一 reports an item of last year's ledger, by state. */
static const char *const report_todo[] = {
	"尚未取得实质性进展，主要是前期统筹谋划不够，已列为近期重点，明确专人推进。",
	"还没有完成，主要是对整改难度估计不足，已重新制定措施和时间表。",
	NULL};
static const char *const report_doing[] = {
	"正在整改，因涉及多个部门协同，进度慢于预期，已重新明确时间表，力争年底前完成。",
	"整改已完成大部分，剩余事项需与相关部门会商，将持续跟进、按期完成。",
	NULL};
static const char *const report_done[] = {
	"整改措施已全部落实，佐证材料已报送，正在等待核验销号。",
	"已按要求完成整改，相关制度已印发执行，等待组织核验。",
	NULL};
static const char *const report_closed[] = {
	"已整改到位并经核验销号。", "已完成整改，经核验予以销号。", "整改措施落实到位，已销号。",
	NULL};
static const char *const report_sentback[] = {
	"报送销号时因佐证材料不全被退回，目前正按要求补充完善。",
	NULL};
static const char *const *const item_reports[] = {report_todo, report_doing, report_done, report_closed,
						  report_sentback};

static const char *const cn_num[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

static const char *const problem_markers[] = {"一是", "二是", "三是", "四是"};

/* Picks k distinct indices below n into out (k <= n). */
static void pick_distinct(mj_demo_rng *r, int n, int k, int *out)
{
	int idx[16];
	for (int i = 0; i < n && i < 16; i++)
		idx[i] = i;
	mj_demo_shuffle(r, idx, n < 16 ? n : 16);
	for (int i = 0; i < k; i++)
		out[i] = idx[i];
}

static int count_fixed(const char *const *pool, int max)
{
	int n = 0;
	while (n < max && pool[n])
		n++;
	return n;
}

int mj_demo_compose(mj_buf *b, mj_demo_rng *r, const struct mj_demo_material *m, unsigned used[5])
{
	int rc = 0;
	int reading = mj_demo_between(r, 2, 5);
	int visits = mj_demo_between(r, 4, 12);
	const char *work = m->work;
	mj_demo_rng x; /* the examples' own sequence */
	mj_demo_rng_init(&x, material_seed(m));
	mj_buf heads[8]; /* headlines written per area, for the measures */
	for (int a = 0; a < 8; a++)
		heads[a] = (mj_buf)MJ_BUF_INIT;

	if (m->team)
		rc |= mj_buf_printf(b, "%s领导班子%d年度民主生活会对照检查材料\n\n", m->unit, m->year);
	else
		rc |= mj_buf_printf(b, "%s%d年度民主生活会个人对照检查材料\n%s　%s\n\n", m->unit, m->year,
				    m->position, m->person);

	/* Opening paragraph. */
	char ys[16], os[16], ks[16], as[16];
	snprintf(ys, sizeof ys, "%d", m->year);
	snprintf(os, sizeof os, "%d", m->opinions);
	snprintf(ks, sizeof ks, "%d", m->talks);
	snprintf(as, sizeof as, "%d", m->nareas);
	const struct key keys[] = {
		{"{Y}", ys}, {"{T}", m->theme}, {"{O}", os}, {"{K}", ks}, {"{A}", as},
		{"{S}", mj_demo_chance(r, 50) ? "本人" : "我"},
		{"{P}", m->role == MJ_DEMO_DEPUTY ? "班子成员和分管科室负责同志" : "班子其他成员"},
		{NULL, NULL}};
	if (m->team)
		rc |= fill_keys(b, mj_demo_pick(r, team_openings), keys);
	else {
		rc |= fill_keys(b, mj_demo_pick(r, openings), keys);
		rc |= mj_buf_puts(b, mj_demo_pick(r, closings));
	}
	rc |= mj_buf_puts(b, "\n\n");

	/* 一、last year's rectification. */
	rc |= mj_buf_printf(b, "一、%d年度民主生活会整改落实情况\n", m->year - 1);
	rc |= mj_buf_puts(b, "（一）整改措施落实情况\n");
	if (m->last_total > 0) {
		rc |= mj_buf_printf(b, "对照上一年度民主生活会查摆和收集的%d个问题，%s逐项明确整改措施和时限，",
				    m->last_total, m->team ? "班子" : "本人");
		if (m->last_closed == m->last_total)
			rc |= mj_buf_puts(b, "目前均已整改到位并经市委组织部核验销号。");
		else if (m->last_closed == 0)
			rc |= mj_buf_puts(b, "目前均在整改推进中，尚未核验销号。");
		else
			rc |= mj_buf_printf(b, "目前已整改到位并经核验销号%d个，其余%d个正在推进或等待核验。",
					    m->last_closed, m->last_total - m->last_closed);
		if (m->nlast == 1) {
			rc |= mj_buf_printf(b, "这个问题即“%s”，", m->last_items[0]);
			rc |= mj_buf_puts(b, mj_demo_pick(r, item_reports[m->last_state[0]]));
		} else if (m->nlast > 1)
			rc |= mj_buf_puts(b, "具体情况如下：");
		for (int i = 0; m->nlast > 1 && i < m->nlast && i < 10; i++) {
			rc |= mj_buf_printf(b, "%s是“%s”的问题，", cn_num[i], m->last_items[i]);
			rc |= mj_buf_puts(b, mj_demo_pick(r, item_reports[m->last_state[i]]));
		}
	} else if (m->last_total == 0) {
		rc |= mj_buf_puts(b, m->role == MJ_DEMO_DEPUTY
					     ? "上年度整改台账中没有以本人为责任人的事项。对班子整改任务中涉及分管领域的事项，本人积极配合、逐项推进。"
					     : "上年度整改台账中没有以本人为责任人的事项。对班子整改任务，本人积极配合、督促推进。");
	} else {
		rc |= mj_buf_printf(b, "对照%d年度民主生活会查摆的问题和征求到的意见，逐项制定整改措施，按期完成了整改任务。",
				    m->year - 1);
	}
	rc |= mj_buf_puts(b, "\n（二）有关情况说明\n");
	if (m->team)
		rc |= mj_buf_puts(b, "班子成员均按规定如实报告了个人有关事项。本年度班子成员没有受到问责，未收到涉及班子成员的函询。\n\n");
	else if (mj_demo_chance(r, 85))
		rc |= mj_buf_puts(b, "本人严格执行领导干部报告个人有关事项制度，如实报告了婚姻、住房、投资等情况。本年度没有受到问责、约谈，也没有收到函询。\n\n");
	else
		rc |= mj_buf_puts(b, "本人如实报告了个人有关事项。本年度因分管领域一个项目审批超时，受到市纪委监委驻局纪检监察组提醒谈话一次，已向组织说明情况并认真整改。\n\n");

	/* 二、problems by area. */
	rc |= mj_buf_puts(b, "二、存在的问题\n");
	if (m->nquotes > 0) {
		rc |= mj_buf_puts(b, "会前征求意见中，同志们对我提出了一些中肯的意见，如");
		for (int i = 0; i < m->nquotes && i < 2; i++)
			rc |= mj_buf_printf(b, "%s“%s”", i ? "，又如" : "", m->quotes[i]);
		rc |= mj_buf_puts(b, "。这些意见我全部认领，并结合到下面的查摆之中。\n");
	}
	int sub = 0;
	for (int a = 0; a < m->nareas; a++) {
		if (a == m->skip_area)
			continue;
		rc |= mj_buf_printf(b, "（%s）%s\n", cn_num[sub++ % 10], m->areas[a]);
		int t = m->pool_of ? m->pool_of[a] % 5 : a % 5, k, picks[8];
		const char *pool[14];
		int slot[14], n = 0;
		if (m->team)
			while (n < 5 && problems_team[t][n]) {
				pool[n] = problems_team[t][n];
				slot[n] = n;
				n++;
			}
		else {
			/* last year's problems are left out unless too few remain */
			for (int pass = 0; pass < 2 && n < 2; pass++) {
				n = 0;
				for (int i = 0; i < 14 && problems_member[t][i]; i++)
					if (suits(problems_member[t][i], m->role) &&
					    (pass || !(m->avoid[t] & (1u << i)))) {
						pool[n] = problems_member[t][i];
						slot[n++] = i;
					}
			}
		}
		k = m->team ? 2 : mj_demo_between(r, 2, 3);
		if (k > n)
			k = n;
		pick_distinct(r, n, k, picks);
		for (int i = 0; i < k; i++) {
			const char *tpl = pool[picks[i]];
			if (used && !m->team)
				used[t] |= 1u << slot[picks[i]];
			if (tpl[0] == '#')
				tpl += 2;
			rc |= mj_buf_puts(b, problem_markers[i]);
			rc |= fill_year(b, tpl, work, m->unit, tpl == problems_member[3][0] ? visits : reading, m->year);
			rc |= example(b, &x, t, work, m->year);
			char h[128];
			mj_demo_headline(tpl, h, sizeof h);
			if (heads[a].len)
				rc |= mj_buf_puts(&heads[a], "、");
			rc |= mj_buf_puts(&heads[a], h);
		}
		rc |= mj_buf_puts(b, "\n");
	}
	rc |= mj_buf_puts(b, "\n");

	/* 三、root causes. */
	rc |= mj_buf_puts(b, "三、原因剖析\n");
	int ncause = count_fixed(causes_member, 16), picks[8];
	int k = mj_demo_between(r, 3, 4);
	pick_distinct(r, ncause, k, picks);
	for (int i = 0; i < k; i++) {
		rc |= mj_buf_puts(b, problem_markers[i]);
		rc |= fill_year(b, causes_member[picks[i]], work, m->unit, 0, m->year);
	}
	if (m->team)
		rc |= mj_buf_puts(b, "这些问题虽然表现在班子，根子在班子成员特别是主要负责同志身上。");
	rc |= mj_buf_puts(b, "\n\n");

	/* 四、measures: one per area, naming the problems it answers. The main
	 * sequence draws what it always drew, so the rest of the demo stays put. */
	rc |= mj_buf_puts(b, "四、整改措施\n");
	const char *mpool[16];
	int nmeasure = 0;
	const char *const *measures = m->team ? measures_team : measures_member;
	for (int i = 0; measures[i] && nmeasure < 16; i++)
		if (suits(measures[i], m->role))
			mpool[nmeasure++] = measures[i];
	k = mj_demo_between(r, 3, 4);
	pick_distinct(r, nmeasure, k, picks);
	static const char *const measure_markers[] = {"一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是"};
	int nm = 0;
	for (int a = 0; a < m->nareas && a < 8; a++) {
		if (a == m->skip_area || !heads[a].len)
			continue;
		int t = m->pool_of ? m->pool_of[a] % 5 : a % 5;
		rc |= mj_buf_puts(b, measure_markers[nm++]);
		rc |= fill_slots(b, &x, mj_demo_pick(&x, ex_measure[t]), work, m->year, mj_buf_cstr(&heads[a]));
	}
	/* one of the stock resolutions closes the list */
	rc |= mj_buf_puts(b, nm < 8 ? measure_markers[nm] : "同时");
	rc |= fill_year(b, mpool[picks[k - 1]], work, m->unit, 0, m->year);
	for (int a = 0; a < 8; a++)
		mj_buf_free(&heads[a]);
	rc |= mj_buf_puts(b, m->team ? "\n\n班子将以这次民主生活会为契机，以整改实效取信于干部群众。\n"
				     : "\n\n我将以这次民主生活会为新的起点，把整改落实贯穿全年工作，请组织和同志们监督。\n");
	return rc ? MJ_ETOOBIG : 0;
}
