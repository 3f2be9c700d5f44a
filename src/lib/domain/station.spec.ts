import { describe, expect, it } from 'vitest';
import { docNames, STATION_KINDS, validateStation, type StationKind } from './station';

describe('station kinds', () => {
	it('are community, village, building, enterprise and street', () => {
		expect([...STATION_KINDS]).toEqual(['community', 'village', 'building', 'enterprise', 'street']);
	});
});

describe('validateStation', () => {
	it('accepts a named station, trimmed, as a community by default', () => {
		expect(validateStation({ name: ' 幸福社区 ' })).toEqual({
			ok: true,
			value: { name: '幸福社区', street: '', kind: 'community' }
		});
	});

	it('keeps the street and each kind', () => {
		for (const kind of STATION_KINDS) {
			expect(validateStation({ name: '站点', street: ' 城关街道 ', kind })).toEqual({
				ok: true,
				value: { name: '站点', street: '城关街道', kind }
			});
		}
	});

	it('needs a name', () => {
		expect(validateStation({})).toEqual({ ok: false, errors: [{ field: 'name', code: 'required' }] });
		expect(validateStation({ name: '   ' })).toEqual({ ok: false, errors: [{ field: 'name', code: 'required' }] });
	});

	it('refuses a name or street over 60 characters, and accepts 60', () => {
		expect(validateStation({ name: 'x'.repeat(61), street: 'y'.repeat(61) })).toEqual({
			ok: false,
			errors: [
				expect.objectContaining({ field: 'name', code: 'too-long' }),
				expect.objectContaining({ field: 'street', code: 'too-long' })
			]
		});
		expect(validateStation({ name: 'x'.repeat(60), street: 'y'.repeat(60) }).ok).toBe(true);
	});

	it('refuses an unknown kind', () => {
		expect(validateStation({ name: '站点', kind: 'farm' as StationKind })).toEqual({
			ok: false,
			errors: [{ field: 'kind', code: 'invalid' }]
		});
	});
});

describe('docNames: a station has two documents with different readers', () => {
	it('names the board, the visit log and the contacts apart', () => {
		expect(docNames('abc123')).toEqual({ board: 'board:abc123', visits: 'visits:abc123', contacts: 'contacts:abc123' });
	});

	it('never gives the board and the visit log the same name', () => {
		const names = docNames('x');
		expect(names.board).not.toBe(names.visits);
	});
});
