// Presence that survives a reconnection (y-protocols awareness keeps a clock per client, and takes a
// state only with a higher clock than the one it knows; yjs/y-websocket#122):
// - when a socket closes, the relay removes this phone's state at its last clock, and so do the
//   others when told; re-announced at that same clock, the state does not replace the removal
//   anywhere until the phone's own renewal (up to 15 s, during which it is shown as gone);
// - when a socket closes, y-websocket removes the others' states here, keeping their clocks, so
//   their states as the relay sends them on reconnection (the same clocks) are ignored here.
// A reconnection is routine (a network that stalls for two seconds is dropped and dialled again),
// so both are set right at every reconnection.
import type { Awareness } from 'y-protocols/awareness';

/** Connected again: this phone's state, announced with a clock past any removal made of it meanwhile. */
export function announceAgain(awareness: Awareness): void {
	const state = awareness.getLocalState();
	if (state === null) return;
	// The same state at the next clock: a state at an equal clock does not replace a removal.
	awareness.setLocalState(state);
}

/** Disconnected: forgets the clocks of the others whose states were removed, so their states are taken again. */
export function forgetAbsentPeers(awareness: Awareness): void {
	for (const clientId of [...awareness.meta.keys()]) {
		if (clientId !== awareness.clientID && !awareness.states.has(clientId)) awareness.meta.delete(clientId);
	}
}
