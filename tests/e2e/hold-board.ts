// An init script for specs: holds back the opening of the board's IndexedDB database while
// sessionStorage.holdBoard is set (the visit log's while holdVisits is, the ledger's projection's
// while holdProjection is), until window.releaseBoard():
// a phone still parsing a big document, made deterministic.
export function holdBoardDocument() {
	const held = [
		sessionStorage.getItem('holdBoard') === '1' && 'yixian:board:',
		sessionStorage.getItem('holdVisits') === '1' && 'yixian:visits:',
		sessionStorage.getItem('holdProjection') === '1' && 'yixian-projection'
	].filter(
		(prefix): prefix is string => !!prefix
	);
	let release: () => void = () => {};
	const released = new Promise<void>((r) => (release = r));
	(window as unknown as { releaseBoard: () => void }).releaseBoard = release;
	const open = IDBFactory.prototype.open;
	const setOnSuccess = Object.getOwnPropertyDescriptor(IDBRequest.prototype, 'onsuccess')!.set!;
	IDBFactory.prototype.open = function (this: IDBFactory, name: string, version?: number) {
		const req = open.call(this, name, version);
		if (held.some((prefix) => name.startsWith(prefix))) {
			Object.defineProperty(req, 'onsuccess', {
				set(fn: (e: Event) => void) {
					setOnSuccess.call(req, (e: Event) => void released.then(() => fn(e)));
				}
			});
		}
		return req;
	} as typeof IDBFactory.prototype.open;
}
