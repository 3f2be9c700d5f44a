// Who is who (domain.md, "The people"): a person's role in the district, and their role on a
// station's team. The server decides rights from these; the app shows them.
export const PERSON_ROLES = ['office', 'leader', 'member'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export const STATION_ROLES = ['cadre', 'assistant', 'liaison', 'lawyer'] as const;
export type StationRole = (typeof STATION_ROLES)[number];
