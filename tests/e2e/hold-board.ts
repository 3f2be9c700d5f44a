// An init script for specs: holds back the board's IndexedDB open while sessionStorage.holdBoard
// is set, until window.releaseBoard() — a phone still parsing a big document, made deterministic.
export function holdBoardDocument() {
	const hold = sessionStorage.getItem('holdBoard') === '1';
	let release: () => void = () => {};
	const released = new Promise<void>((r) => (release = r));
	(window as unknown as { releaseBoard: () => void }).releaseBoard = release;
	const open = IDBFactory.prototype.open;
	const setOnSuccess = Object.getOwnPropertyDescriptor(IDBRequest.prototype, 'onsuccess')!.set!;
	IDBFactory.prototype.open = function (this: IDBFactory, name: string, version?: number) {
		const req = open.call(this, name, version);
		if (hold && name.startsWith('yixian:board:')) {
			Object.defineProperty(req, 'onsuccess', {
				set(fn: (e: Event) => void) {
					setOnSuccess.call(req, (e: Event) => void released.then(() => fn(e)));
				}
			});
		}
		return req;
	} as typeof IDBFactory.prototype.open;
}
