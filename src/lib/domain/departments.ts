// The functional departments (职能部门) a coordinated (tier 3) entry brings together, and the one a
// dispatch meeting (tier 4) makes responsible. Plain names, as people write them: the district
// names its own departments, so the list below is only what the escalate form offers first.

export const DEFAULT_DEPARTMENTS = [
	'住建',
	'城管',
	'交通',
	'公安',
	'水务',
	'市场监管',
	'民政',
	'人社',
	'卫健',
	'教育',
	'应急管理',
	'生态环境'
] as const;

export const DEPARTMENT_LIMITS = { name: 30, count: 20 };

/** "住建、城管, 交通" → ['住建', '城管', '交通']: any comma or 、 separates; blanks and repeats drop out. */
export function parseDepartments(text: string): string[] {
	return normalizeDepartments(text.split(/[,，、;；\n]/));
}

/** Trimmed, without blanks or repeats, in the order given. */
export function normalizeDepartments(list: readonly unknown[]): string[] {
	const seen = new Set<string>();
	for (const item of list) {
		const name = typeof item === 'string' ? item.trim() : '';
		if (name) seen.add(name);
	}
	return [...seen];
}
