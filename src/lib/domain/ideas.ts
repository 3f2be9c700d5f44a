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

export function validateIdea(input: Partial<Pick<IdeaFacts, 'title' | 'detail' | 'source' | 'proposer'>>): Result<Pick<IdeaFacts, 'title' | 'detail' | 'source' | 'proposer'>> {
	const errors: RuleError[] = [];
	const title = requireText(errors, 'title', input.title, 120);
	const detail = optionalText(errors, 'detail', input.detail, 4000);
	const proposer = optionalText(errors, 'proposer', input.proposer, 60);
	const source = input.source as IdeaSource;
	if (!IDEA_SOURCES.includes(source)) errors.push({ field: 'source', code: 'required' });
	return check(errors, () => ({ title, detail, source, proposer }));
}

/** An idea moves forward one stage at a time. */
export function advance(idea: IdeaState, input: { note?: string }): Result<Omit<StageStep, 'at' | 'by'>> {
	const errors: RuleError[] = [];
	const stage = nextStage(idea.stage);
	if (!stage) errors.push({ field: 'stage', code: 'final' });
	const note = optionalText(errors, 'note', input.note, 2000);
	return check(errors, () => ({ stage: stage as IdeaStage, note }));
}
