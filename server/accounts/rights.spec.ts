import { describe, expect, it } from 'vitest';
import { accessTo, parseDocName, type Grants } from './rights';

const g = (over: Partial<Grants>): Grants => ({ role: 'member', disabled: false, assignment: null, leadsStreet: false, ...over });

describe('who may open which document', () => {
	it('lets the cadre, assistant and liaison write the board and the visit log', () => {
		for (const assignment of ['cadre', 'assistant', 'liaison'] as const) {
			expect(accessTo('board', g({ assignment }))).toBe('write');
			expect(accessTo('visits', g({ assignment }))).toBe('write');
		}
	});

	it('lets a lawyer write the board but never open the visit log', () => {
		expect(accessTo('board', g({ assignment: 'lawyer' }))).toBe('write');
		expect(accessTo('visits', g({ assignment: 'lawyer' }))).toBeNull();
	});

	it("lets the street's leader read the board only", () => {
		expect(accessTo('board', g({ role: 'leader', leadsStreet: true }))).toBe('read');
		expect(accessTo('visits', g({ role: 'leader', leadsStreet: true }))).toBeNull();
		expect(accessTo('board', g({ role: 'leader', leadsStreet: false }))).toBeNull();
	});

	it('lets the frontline office read everything', () => {
		expect(accessTo('board', g({ role: 'office' }))).toBe('read');
		expect(accessTo('visits', g({ role: 'office' }))).toBe('read');
	});

	it('gives nothing to someone off the team, or disabled', () => {
		expect(accessTo('board', g({}))).toBeNull();
		expect(accessTo('board', g({ assignment: 'cadre', disabled: true }))).toBeNull();
		expect(accessTo('board', g({ role: 'office', disabled: true }))).toBeNull();
	});
});

describe("who may open a station's residents' personal data (contacts)", () => {
	it('lets the cadre, assistant and liaison write it', () => {
		for (const assignment of ['cadre', 'assistant', 'liaison'] as const) expect(accessTo('contacts', g({ assignment }))).toBe('write');
	});

	it('gives nothing to the lawyer, the street leader, the office or anyone disabled', () => {
		expect(accessTo('contacts', g({ assignment: 'lawyer' }))).toBeNull();
		expect(accessTo('contacts', g({ role: 'office', assignment: 'lawyer' }))).toBeNull();
		expect(accessTo('contacts', g({ role: 'leader', leadsStreet: true }))).toBeNull();
		expect(accessTo('contacts', g({ role: 'office' }))).toBeNull();
		expect(accessTo('contacts', g({ assignment: 'cadre', disabled: true }))).toBeNull();
	});
});

describe('document names', () => {
	it('reads board and visit-log names', () => {
		expect(parseDocName('board:abc123def456')).toEqual({ kind: 'board', stationId: 'abc123def456' });
		expect(parseDocName('visits:abc123def456')).toEqual({ kind: 'visits', stationId: 'abc123def456' });
		expect(parseDocName('contacts:abc123def456')).toEqual({ kind: 'contacts', stationId: 'abc123def456' });
	});

	it('refuses anything else', () => {
		for (const name of ['board:', 'ratings:abc123', 'board:ABC123', 'board:abc123/x', 'x']) expect(parseDocName(name)).toBeNull();
	});
});
