// Seed data for the board benchmark, written through the app's own document functions
// (src/lib/documents/*.ts) so the Yjs layout is exactly what the app writes and reads.
// Everything except the ids (newId uses crypto) comes from a seeded PRNG: two runs make
// documents of the same shape and size.
import * as Y from 'yjs';
import { addEntry, appendEvent, boardParts, initBoard, readEntry } from '$lib/documents/board';
import { contactsParts, setReporter } from '$lib/documents/contacts';
import { addRecord, visitLogParts } from '$lib/documents/visit-log';
import { DEFAULT_CATEGORIES } from '$lib/domain/categories';
import { addDays, toIsoDate } from '$lib/domain/dates';
import { newId } from '$lib/domain/ids';
import { isOverdue, type EventDraft, type Tier } from '$lib/domain/ledger';
import type { StationInfo } from '$lib/domain/station';
import type { HelpKind, TieGroup } from '$lib/domain/visits';

const DAY = 86_400_000;

/** mulberry32: small, fast, good enough for realistic-looking spread. */
function prng(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
		pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
		chance: (p: number) => next() < p
	};
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧巧美兰霞平刚桂英建华文玉兰红梅春晓燕志国海波德福小红丹宇浩然子涵欣怡梓轩'.split('');
const ESTATES = ['幸福里小区', '和平新村', '建设路小区', '东风苑', '阳光花园', '翠湖家园', '纺织厂宿舍', '铁路新村', '金桥花园', '滨河小区', '育才里', '春晖苑'];
const STREETS = ['和平路', '建设街', '解放大道', '人民路', '中山路', '胜利街', '光明路', '新华路'];

const CONTENT: Record<string, string[]> = {
	'old-estate': ['{b}外墙瓷砖脱落，存在坠落隐患', '{b}楼顶防水层老化，顶楼住户家中漏水', '{b}楼道扶手松动，老人上下楼不安全', '老旧小区加装电梯意见征集，{b}部分住户有异议', '{e}化粪池堵塞外溢'],
	property: ['{e}物业垃圾清运不及时，异味严重', '{e}物业费收支不公开，居民要求公示', '{e}门禁损坏多日无人维修', '{e}电梯频繁故障，物业响应慢', '{e}绿化带被占用种菜'],
	transport: ['{s}公交站台缺少遮雨棚', '{s}路口红绿灯时长过短，老人过马路困难', '{e}门口乱停车堵塞消防通道', '{s}非机动车道被占用', '希望增开途经{e}的社区公交'],
	'public-security': ['{e}夜间路灯不亮，居民出行不安全', '{e}监控探头损坏，电动车频繁被盗', '{s}夜市噪音扰民至凌晨', '{e}发现疑似群租房', '{e}外来推销人员频繁进入'],
	infrastructure: ['{s}人行道破损，雨天积水', '{e}雨污管道混接，下雨返味', '{s}井盖缺失，存在安全隐患', '{e}路面坑洼需修补', '{s}排水不畅，暴雨后积水严重'],
	'fire-safety': ['{b}楼道堆放杂物，堵塞消防通道', '{b}居民楼道内给电动车充电', '{e}消防栓无水', '{b}灭火器过期未更换', '{e}消防车通道被占用'],
	'water-supply': ['{b}自来水水压低，高层住户用水困难', '{e}二次供水水箱长期未清洗', '{b}自来水发黄', '{e}计划停水未提前通知', '{b}水表井漏水'],
	environment: ['{s}餐饮店油烟扰民', '{e}垃圾分类亭满溢无人清理', '{s}工地夜间施工噪音', '{e}流浪猫狗增多，居民担心安全', '{e}绿化树木遮挡低层住户采光'],
	'social-assistance': ['{b}独居老人申请临时救助', '{b}残疾人家庭申请低保', '{b}困难家庭子女助学咨询', '{b}高龄老人申请助餐服务', '{b}大病家庭申请医疗救助'],
	employment: ['{b}失业人员咨询再就业培训', '{e}灵活就业人员社保补贴咨询', '{b}高校毕业生求职帮扶', '{b}零就业家庭申请公益岗位', '{e}农民工工资拖欠'],
	legal: ['{b}邻里漏水纠纷需要调解', '{b}房屋租赁合同纠纷咨询', '{b}赡养纠纷需要法律援助', '{e}装修噪音引发邻里矛盾', '{b}遗产继承咨询'],
	other: ['{e}希望增设老年活动室', '{e}快递柜位置不合理', '{e}社区宣传栏内容陈旧', '{b}居民咨询户籍迁移办理', '{e}建议增设儿童游乐设施']
};
const NOTES = ['已电话联系反映人，约定上门时间', '已现场查看，情况属实', '已协调物业，等待答复', '已与相关部门对接', '已告知居民处理进度', '已安排维修人员，材料到位后施工'];
const SOLVED = ['已维修完毕，居民确认', '已协调解决，现场复核无误', '已完成清理', '已办结，居民表示满意', '已更换完成'];
const OFFICERS = ['街道城管科 周伟', '区住建局 李强', '街道综治中心 王敏', '区水务局 陈杰', '街道民政科 刘娟', '区人社局 赵磊', '街道司法所 孙丽', '区消防救援大队 吴涛'];
const TIER_TEXT: Record<Tier, string> = {
	1: '',
	2: '需街道职能科室协调处理',
	3: '需区级部门协同解决',
	4: '提交区委区政府研究'
};

export interface Seed {
	station: {
		id: string;
		name: string;
		street: string;
		kind: StationInfo['kind'];
		addedAt: number;
		summary: { total: number; open: number; overdue: number; updatedAt: number };
	};
	board: Uint8Array;
	visits: Uint8Array;
	/** The team's contacts document: the reporter of three entries in four (contacts:<station>). */
	contacts: Uint8Array;
	/** The seeded documents themselves, to compute what the page should show. */
	docs: { board: Y.Doc; visits: Y.Doc; contacts: Y.Doc };
	/** The cadre this device belongs to (settings.userName), so "my visits" are not empty. */
	me: string;
	counts: { entries: number; events: number; reporters: number; visits: number; ties: number; help: number; open: number; overdue: number; tiers: Record<number, number> };
	ms: { board: number; visits: number };
}

const name = (r: ReturnType<typeof prng>) => r.pick(SURNAMES) + r.pick(GIVEN) + (r.chance(0.6) ? r.pick(GIVEN) : '');
const phone = (r: ReturnType<typeof prng>) => `1${r.pick(['38', '39', '58', '59', '86', '87', '35', '77'])}${String(r.int(0, 99_999_999)).padStart(8, '0')}`;

export function makeSeed({ entries = 5000, visits = 20000, seed = 20240601, now = Date.now() } = {}): Seed {
	const r = prng(seed);
	const today = toIsoDate(now);
	const cadres = Array.from({ length: 8 }, () => name(r));
	const info: StationInfo = { name: '幸福里社区驻点', street: '和平街道', kind: 'community' };
	const stationCreated = now - 400 * DAY;
	const household = () => {
		const estate = r.pick(ESTATES);
		return { estate, building: `${estate}${r.int(1, 24)}号楼`, unit: `${r.int(1, 6)}单元${r.int(1, 18)}0${r.int(1, 4)}室` };
	};

	// ——— Visit log first, so some ledger entries can point at the visit they were raised on.
	let t = performance.now();
	const vdoc = new Y.Doc();
	const visitIds: string[] = [];
	for (let i = 0; i < visits; i++) {
		// Spread over the last 12 months, more in recent ones.
		const ago = Math.floor(365 * r.next() ** 1.3);
		const date = addDays(today, -ago);
		const h = household();
		const visit = addRecord(
			vdoc,
			'visits',
			{
				visitor: r.pick(cadres),
				date,
				household: `${h.building}${h.unit}`,
				address: `${r.pick(STREETS)}${r.int(1, 300)}号 ${h.building}`,
				peopleMet: r.int(1, 5),
				notes: r.chance(0.7) ? r.pick(['了解家庭近况，无特殊诉求', '反映楼道照明问题，已记入台账', '老人身体状况良好', '宣传垃圾分类政策', '询问医保缴费事宜', '子女在外地，独居老人需关注']) : ''
			},
			Date.parse(`${date}T10:00:00`) + r.int(0, 8 * 3600_000)
		);
		visitIds.push(visit.id);
	}
	const groups: TieGroup[] = ['difficulty', 'veteran-member', 'community-correction'];
	const kinds: HelpKind[] = ['living', 'job', 'holiday', 'other'];
	for (const visitor of cadres) {
		for (let k = 0; k < 4; k++) {
			const since = addDays(today, -r.int(30, 380));
			const tie = addRecord(vdoc, 'ties', { visitor, name: name(r), group: r.pick(groups), contact: phone(r), notes: '', since, ended: false }, Date.parse(`${since}T09:00:00`));
			for (let h = r.int(2, 10); h > 0; h--)
				addRecord(vdoc, 'help', { tieId: tie.id, by: visitor, date: addDays(today, -r.int(0, 30)), kind: r.pick(kinds), text: '上门慰问，送去米面油' }, now - r.int(0, 30) * DAY);
		}
	}
	const vms = performance.now() - t;

	// ——— Board: 5,000 entries, each with a three-step timeline.
	t = performance.now();
	const doc = new Y.Doc();
	const cdoc = new Y.Doc();
	initBoard(doc, info, stationCreated);
	const tiers: Record<number, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
	let events = 0;
	for (let i = 0; i < entries; i++) {
		const ago = Math.floor(365 * r.next() ** 1.2);
		const receivedOn = addDays(today, -ago);
		const createdAt = Date.parse(`${receivedOn}T08:30:00`) + r.int(0, 9 * 3600_000);
		const category = r.pick(DEFAULT_CATEGORIES);
		const h = household();
		const content = r.pick(CONTENT[category]).replace('{b}', h.building).replace('{e}', h.estate).replace('{s}', r.pick(STREETS));
		const by = r.pick(cadres);
		const hasReporter = r.chance(0.75);
		const place = r.chance(0.8) ? `${h.building}${r.chance(0.5) ? h.unit : ''}` : '';
		// A reporter's name and phone live in the contacts document, not the board (drawn in the
		// order they always were: the board stays the one every earlier figure was measured on).
		const reporter = hasReporter ? { name: name(r), phone: r.chance(0.8) ? phone(r) : '' } : null;
		const hidden = r.chance(0.9);
		const id = addEntry(
			doc,
			{
				content,
				place,
				category,
				receivedOn,
				visitId: r.chance(0.2) ? r.pick(visitIds) : ''
			},
			by,
			createdAt
		);
		if (reporter) setReporter(cdoc, id, { ...reporter, private: hidden });
		// Tier mix of a station's ledger: most solved on site, a tail escalated to the district.
		const roll = r.next();
		const tier: Tier = roll < 0.45 ? 1 : roll < 0.8 ? 2 : roll < 0.95 ? 3 : 4;
		tiers[tier]++;
		const t2 = createdAt + r.int(2, 72) * 3600_000;
		let second: EventDraft;
		if (tier === 1) second = { type: 'note', text: r.pick(NOTES) };
		else {
			const deadline = addDays(toIsoDate(t2), tier === 2 ? r.int(5, 15) : tier === 3 ? r.int(10, 30) : r.int(20, 60));
			second = { type: 'escalated', tier, responsible: r.pick(OFFICERS), deadline, text: TIER_TEXT[tier] };
		}
		appendEvent(doc, id, second, by, t2);
		// Older entries are mostly done; recent ones mostly still open.
		const t3 = t2 + r.int(1, tier * 10) * DAY;
		const openP = ago < 14 ? 0.8 : ago < 60 ? 0.35 : 0.08;
		let third: EventDraft;
		if (r.chance(openP)) third = { type: 'note', text: r.pick(NOTES) };
		else if (r.chance(tier === 1 ? 0.95 : 0.85)) third = { type: 'solved', text: r.pick(SOLVED) };
		else third = { type: 'closed', reason: r.pick(['duplicate', 'not-our-duty', 'withdrawn', 'unreachable'] as const), text: '' };
		appendEvent(doc, id, third, by, Math.min(t3, now - 60_000));
		events += 3;
	}
	const bms = performance.now() - t;

	let open = 0;
	let overdue = 0;
	for (const e of boardParts(doc).entries.values()) {
		const s = readEntry(e);
		if (s.status === 'open') open++;
		if (isOverdue(s, today)) overdue++;
	}
	const parts = visitLogParts(vdoc);
	return {
		station: { id: newId(12), ...info, addedAt: stationCreated, summary: { total: entries, open, overdue, updatedAt: now } },
		board: Y.encodeStateAsUpdate(doc),
		visits: Y.encodeStateAsUpdate(vdoc),
		contacts: Y.encodeStateAsUpdate(cdoc),
		docs: { board: doc, visits: vdoc, contacts: cdoc },
		me: cadres[0],
		counts: { entries: boardParts(doc).entries.size, events, reporters: contactsParts(cdoc).reporters.size, visits: parts.visits.size, ties: parts.ties.size, help: parts.help.size, open, overdue, tiers },
		ms: { board: bms, visits: vms }
	};
}
