// The board specs' fixtures: a station's new board, an entry's facts, and reading entries and ideas back.
import * as Y from 'yjs';
import type { EventDraft } from '$lib/domain/ledger';
import type { Result } from '$lib/domain/result';
import { boardParts, initBoard, readEntry, readIdea, type EditableFacts } from './board';

export const TODAY = '2025-03-10';
export const T0 = Date.UTC(2025, 2, 10, 6, 0, 0);
export const station = { name: '幸福社区', street: '城关街道', kind: 'community' as const };

export const facts = (over: Partial<EditableFacts> = {}): EditableFacts => ({
	content: '小区路灯坏了',
	place: '3号楼',
	category: 'infrastructure',
	receivedOn: TODAY,
	visitId: '',
	...over
});

export const draft = (result: Result<EventDraft>): EventDraft => {
	if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
	return result.value;
};

export function newBoard(): Y.Doc {
	const doc = new Y.Doc();
	initBoard(doc, station, T0);
	return doc;
}

export const entryOf = (doc: Y.Doc, id: string) => {
	const entry = boardParts(doc).entries.get(id);
	if (!entry) throw new Error(`missing ${id}`);
	return readEntry(entry);
};

export const ideaOf = (doc: Y.Doc, id: string) => {
	const idea = boardParts(doc).ideas.get(id);
	if (!idea) throw new Error(`missing ${id}`);
	return readIdea(idea);
};
