// Cutting a browser context's sync for real, as a basement's dead network does: while cut, the open
// sockets to the relay are closed and new ones refused; uncut, they connect again. The HTTP API is
// left alone (a spec that needs it offline too uses context.setOffline).
import type { BrowserContext } from '@playwright/test';

export interface SyncCut {
	cut: boolean;
}

export async function cuttableSync(context: BrowserContext): Promise<SyncCut> {
	const state: SyncCut = { cut: false };
	await context.routeWebSocket(/\/sync\//, (ws) => {
		if (state.cut) return ws.close();
		const server = ws.connectToServer();
		const check = setInterval(() => {
			if (!state.cut) return;
			clearInterval(check);
			void server.close();
			void ws.close();
		}, 20);
	});
	return state;
}
