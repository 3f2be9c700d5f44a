import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { announceAgain, forgetAbsentPeers } from './presence-clock';

/** What `from` knows of `clients`, applied at `to` (as the relay forwards it). */
const pass = (from: Awareness, to: Awareness, clients: number[]) => applyAwarenessUpdate(to, encodeAwarenessUpdate(from, clients), 'relay');

function room() {
	const phone = new Awareness(new Y.Doc());
	const relay = new Awareness(new Y.Doc());
	const peer = new Awareness(new Y.Doc());
	relay.setLocalState(null);
	phone.setLocalState({ here: true });
	peer.setLocalState({ here: true });
	for (const [from, id] of [[phone, phone.clientID], [peer, peer.clientID]] as const) pass(from, relay, [id]);
	pass(relay, phone, [peer.clientID]);
	pass(relay, peer, [phone.clientID]);
	// The phone's socket closes: the relay removes its state and tells the peer; the phone's
	// provider removes the others' states here.
	removeAwarenessStates(relay, [phone.clientID], null);
	pass(relay, peer, [phone.clientID]);
	removeAwarenessStates(phone, [peer.clientID], 'provider');
	return { phone, relay, peer };
}

describe('presence across a reconnection', () => {
	it('the phone re-announced on reconnection is shown at once by the relay and the others', () => {
		const { phone, relay, peer } = room();
		expect(peer.getStates().has(phone.clientID)).toBe(false);
		announceAgain(phone);
		pass(phone, relay, [phone.clientID]);
		pass(relay, peer, [phone.clientID]);
		expect(relay.getStates().get(phone.clientID)).toEqual({ here: true });
		expect(peer.getStates().get(phone.clientID)).toEqual({ here: true });
	});

	it('without it, the state at its old clock is ignored (the defect)', () => {
		const { phone, relay } = room();
		pass(phone, relay, [phone.clientID]);
		expect(relay.getStates().has(phone.clientID)).toBe(false);
	});

	it('the others, as the relay sends them on reconnection, are shown again on the phone', () => {
		const { phone, relay, peer } = room();
		pass(relay, phone, [peer.clientID]);
		expect(phone.getStates().has(peer.clientID)).toBe(false);
		forgetAbsentPeers(phone);
		pass(relay, phone, [peer.clientID]);
		expect(phone.getStates().get(peer.clientID)).toEqual({ here: true });
		// Its own clock is kept, and a peer still present keeps its clock too.
		expect(phone.meta.has(phone.clientID)).toBe(true);
	});
});
