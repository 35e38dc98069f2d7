import { loadConfig } from '../../lib/adapters/config';
import { lambdaDeps } from '../../lib/adapters/lambda-deps';
import { createHandler } from './handler';

/** Lambda entry: configuration and clients are built once per container. */
export const handler = createHandler(lambdaDeps(loadConfig()));
