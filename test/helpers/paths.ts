import { fileURLToPath } from 'node:url';

/** `../shared` beside the repository, present for developers and in CI. */
export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const EXAMPLES = `${SHARED}contract/examples`;
export const REFERENCE = `${SHARED}reference`;
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
