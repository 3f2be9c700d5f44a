// An init script for specs: holds back what the documents' worker tells the page of the board
// while sessionStorage.holdBoard is set (of the visit log while holdVisits is: the documents are
// opened in the worker, out of an init script's reach), and the opening of the ledger's projection
// database while holdProjection is, until window.releaseBoard(): a phone still parsing a big
// document, made deterministic.
export function holdBoardDocument() {
	const held = [sessionStorage.getItem('holdProjection') === '1' && 'yixian-projection'].filter((prefix): prefix is string => !!prefix);
	const heldDocs = [sessionStorage.getItem('holdBoard') === '1' && 'board:', sessionStorage.getItem('holdVisits') === '1' && 'visits:'].filter(
		(prefix): prefix is string => !!prefix
	);
	let release: () => void = () => {};
	const released = new Promise<void>((r) => (release = r));
	(window as unknown as { releaseBoard: () => void }).releaseBoard = release;
	if (heldDocs.length > 0) {
		const Base = window.Worker;
		window.Worker = class extends Base {
			constructor(url: string | URL, options?: WorkerOptions) {
				super(url, options);
				if (options?.name !== 'docs') return;
				Object.defineProperty(this, 'onmessage', {
					set(fn: (e: MessageEvent) => void) {
						Base.prototype.addEventListener.call(this, 'message', (e: Event) => {
							const name = (e as MessageEvent).data?.name;
							if (typeof name === 'string' && heldDocs.some((prefix) => name.startsWith(prefix))) void released.then(() => fn(e as MessageEvent));
							else fn(e as MessageEvent);
						});
					}
				});
			}
		};
	}
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
