// What the boot frame paints (src/boot-frame.js) goes with the documents it was taken from: a
// board that leaves the device (its reader's right ended) takes the ledger's kept rows with it.
import { beforeEach, describe, expect, it } from 'vitest';
import { rememberBar, rememberRows } from '$lib/device/boot-frame';
import { stubLocalStorage } from '$lib/device/local-storage-stub';
import { unloadDoc } from './station-board.svelte';

const store = stubLocalStorage();
const kept = () => JSON.parse(store.get('yixian:boot') ?? 'null');
const rows = { top: 200, left: 16, right: 16, height: 500, rowHeight: 84, items: [['span', 'content', ['北门岗亭漏雨']] as [string, string, string[]]] };

beforeEach(() => {
	rememberBar('/station/a1', '东关社区', '/', '返回');
	rememberRows('/station/a1', rows);
	rememberRows('/station/b2', rows);
});

describe('unloading a document', () => {
	it('forgets the ledger rows kept for the boot frame when the board goes, and only that station’s', () => {
		unloadDoc('a1', 'board');
		expect(Object.keys(kept().rows)).toEqual(['/station/b2']);
		expect(Object.keys(kept().bars)).toEqual(['/station/a1']);
	});

	it('keeps them when another document goes', () => {
		unloadDoc('a1', 'visits');
		expect(Object.keys(kept().rows).sort()).toEqual(['/station/a1', '/station/b2']);
	});
});
