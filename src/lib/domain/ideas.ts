// Ideas (金点子): collected → valuable → adopted → implemented. Like the ledger's tier, the stage
// is derived from an append-only history, so merged offline edits never move an idea backwards.
import { check, optionalText, requireText, type Result, type RuleError } from './result';

export const IDEA_STAGES = ['collected', 'valuable', 'adopted', 'implemented'] as const;
export type IdeaStage = (typeof IDEA_STAGES)[number];
export const IDEA_SOURCES = ['visit', 'forum', 'talk', 'other'] as const;
export type IdeaSource = (typeof IDEA_SOURCES)[number];

export interface IdeaFacts {
	id: string;
	title: string;
	detail: string;
	source: IdeaSource;
	/** A resident's name: kept in the station's contacts document, never in the board (docs/data-model.md). */
	proposer?: string;
	createdAt: number;
	createdBy: string;
}

export interface StageStep {
	stage: IdeaStage;
	at: number;
	by: string;
	note: string;
}

export interface IdeaState extends IdeaFacts {
	stage: IdeaStage;
	history: StageStep[];
}

const rank = (stage: IdeaStage) => IDEA_STAGES.indexOf(stage);

export function deriveIdea(facts: IdeaFacts, steps: readonly StageStep[]): IdeaState {
	const history = [...steps].sort((a, b) => a.at - b.at);
	let stage: IdeaStage = 'collected';
	for (const s of history) if (rank(s.stage) > rank(stage)) stage = s.stage;
	return { ...facts, stage, history };
}

export function nextStage(stage: IdeaStage): IdeaStage | null {
	return IDEA_STAGES[rank(stage) + 1] ?? null;
}

/** The longest texts of an idea the app's form takes (the relay's bounds are at least these: documents/shapes.ts). */
export const IDEA_LIMITS = { title: 120, detail: 4000, proposer: 60, note: 2000 };

/** What the form collects of an idea: its facts on the board, and the proposer (the contacts document). */
export type IdeaInput = Pick<IdeaFacts, 'title' | 'detail' | 'source' | 'proposer'>;

export function validateIdea(input: Partial<IdeaInput>): Result<IdeaInput> {
	const errors: RuleError[] = [];
	const title = requireText(errors, 'title', input.title, IDEA_LIMITS.title);
	const detail = optionalText(errors, 'detail', input.detail, IDEA_LIMITS.detail);
	const proposer = optionalText(errors, 'proposer', input.proposer, IDEA_LIMITS.proposer);
	const source = input.source as IdeaSource;
	if (!IDEA_SOURCES.includes(source)) errors.push({ field: 'source', code: 'required' });
	return check(errors, () => ({ title, detail, source, proposer }));
}

/**
 * The facts of an idea the team may correct (a typo in its title…), each a field of its own: two
 * phones correcting different ones offline keep both corrections (last writer wins per field).
 * Its id, who collected it and when, and its stages are written once.
 */
export const IDEA_EDITABLE = ['title', 'detail', 'source'] as const satisfies readonly (keyof IdeaFacts)[];
export type IdeaEdit = Pick<IdeaFacts, (typeof IDEA_EDITABLE)[number]>;

/**
 * An idea corrected: the form checked as a new idea's is (validateIdea), and only what differs from
 * the idea as the form showed it (`shown`, with its proposer): `facts`, the board's facts changed
 * (a field left as it was is not sent, so a teammate's correction of it stands); `proposer`, present
 * only when it changed ('' clears it).
 */
export function editIdea(shown: IdeaEdit & { proposer?: string }, input: Partial<IdeaInput>): Result<{ facts: Partial<IdeaEdit>; proposer?: string }> {
	const result = validateIdea(input);
	if (!result.ok) return result;
	const changed = IDEA_EDITABLE.filter((key) => result.value[key] !== shown[key]);
	const facts = Object.fromEntries(changed.map((key) => [key, result.value[key]])) as Partial<IdeaEdit>;
	const proposer = result.value.proposer ?? '';
	return { ok: true, value: proposer === (shown.proposer ?? '') ? { facts } : { facts, proposer } };
}

/** An idea moves forward one stage at a time. */
export function advance(idea: IdeaState, input: { note?: string }): Result<Omit<StageStep, 'at' | 'by'>> {
	const errors: RuleError[] = [];
	const stage = nextStage(idea.stage);
	if (!stage) errors.push({ field: 'stage', code: 'final' });
	const note = optionalText(errors, 'note', input.note, IDEA_LIMITS.note);
	return check(errors, () => ({ stage: stage as IdeaStage, note }));
}
