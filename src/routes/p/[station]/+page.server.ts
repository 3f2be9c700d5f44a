import { error, fail, redirect } from '@sveltejs/kit';
import { publicSource } from '$lib/server/bridge';
import { strictFormData } from '$lib/server/form-body';

export async function load({ params }) {
	const station = await publicSource()!.station(params.station);
	if (!station) error(404, 'No such station');
	return { station, stationId: params.station };
}

// A form sends a line break as CR LF; the box counted it as one character, and so does the limit.
const field = (form: FormData, name: string) => String(form.get(name) ?? '').replace(/\r\n?/g, '\n');

export const actions = {
	/**
	 * A resident reports a problem: no account, validated, spam-limited. Filed, it answers with a
	 * redirect to the confirmation with the reference number (Post/Redirect/Get): reloading that
	 * page, or going back and forward, never sends the report again. A refusal renders the form again.
	 */
	report: async ({ params, request, getClientAddress }) => {
		const form = await strictFormData(request);
		if (!form) {
			// A cut-off, malformed or non-UTF-8 body: the resident's browser never sends one, but say
			// so plainly, and store nothing.
			return fail(400, { input: { content: '', place: '', name: '', phone: '' }, error: 'malformed' as const, fields: {} as Record<string, string> });
		}
		const input = { content: field(form, 'content'), place: field(form, 'place'), name: field(form, 'name'), phone: field(form, 'phone') };
		// A field people cannot see: only robots fill it in.
		if (field(form, 'website')) return fail(400, { input, error: 'invalid' as const, fields: {} as Record<string, string> });
		const outcome = await publicSource()!.submitReport(params.station, input, getClientAddress());
		if (!outcome.ok) return fail(outcome.error === 'too-many' ? 429 : 400, { input, error: outcome.error, fields: (outcome.fields ?? {}) as Record<string, string> });
		redirect(303, `/p/${encodeURIComponent(params.station)}/r?ref=${outcome.ref}&sent=1`);
	}
};
