// Reads a station's projected ledger rows and answers the page's queries with the window of them it
// shows (ledger-rows.ts), so that neither the read nor a sort or search of thousands of rows takes
// the main thread before the board's document has loaded (issue 11).
import { readIndex, type RowsReply, type RowsRequest } from './ledger-rows';

let index: Promise<Awaited<ReturnType<typeof readIndex>>> | null = null;
const post = (reply: RowsReply) => (self as unknown as Worker).postMessage(reply);

self.onmessage = async (event: MessageEvent<RowsRequest>) => {
	const request = event.data;
	if (request.type === 'open') return void (index = readIndex(request.station, true).catch(() => null));
	const read = await index;
	post({ type: 'answer', seq: request.seq, window: read ? read.answer(request) : null });
};
