// The district's directory as the office screens see it: loaded once per visit to /office, reloaded
// after every change so the screens show what the server holds, never a guess.
import { createContext } from 'svelte';
import { OfficeApiError, type Directory, type OfficeApi, type Person, type Station, type Street, type TeamRole } from './office-api';

/** Why the screens cannot be shown: each has its own explanation. */
export type OfficeProblem = 'signed-out' | 'forbidden' | 'offline' | 'failed';

export class OfficeDirectory {
	data = $state<Directory | null>(null);
	problem = $state<OfficeProblem | null>(null);

	constructor(readonly api: OfficeApi) {}

	async load() {
		try {
			this.data = await this.api.directory();
			this.problem = null;
		} catch (error) {
			this.problem = problemOf(error);
		}
	}

	/** Runs a change and reloads; the refusal is rethrown for the form that asked. */
	async change<T>(action: (api: OfficeApi) => Promise<T>): Promise<T> {
		try {
			const result = await action(this.api);
			await this.load();
			return result;
		} catch (error) {
			// A session that ended or lost its right meanwhile turns the whole screen, not one form.
			if (error instanceof OfficeApiError && (error.status === 401 || error.status === 403)) this.problem = problemOf(error);
			throw error;
		}
	}

	person(id: string): Person | undefined {
		return this.data?.people.find((p) => p.id === id);
	}

	station(id: string): Station | undefined {
		return this.data?.stations.find((s) => s.id === id);
	}

	/** Every street with its stations, streets without stations included. */
	get byStreet(): { street: Street; stations: Station[] }[] {
		const stations = this.data?.stations ?? [];
		return (this.data?.streets ?? []).map((street) => ({ street, stations: stations.filter((s) => s.streetId === street.id) }));
	}

	/** The stations whose team the person is on, with their role there. */
	teamsOf(personId: string): { station: Station; role: TeamRole }[] {
		return (this.data?.stations ?? []).flatMap((station) =>
			station.team.filter((m) => m.personId === personId).map((m) => ({ station, role: m.role }))
		);
	}
}

function problemOf(error: unknown): OfficeProblem {
	if (!(error instanceof OfficeApiError)) return 'failed';
	if (error.status === 401) return 'signed-out';
	if (error.status === 403) return 'forbidden';
	if (error.status === 0) return 'offline';
	return 'failed';
}

export const [getOffice, setOffice] = createContext<OfficeDirectory>();
