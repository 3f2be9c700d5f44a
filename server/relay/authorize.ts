// The default auth hook until accounts exist (issue 3): anyone may read and write any document.
import type { Authorize } from './types.js';

export const permissive: Authorize = () => ({ userId: 'anonymous', name: 'anonymous', canWrite: true });
