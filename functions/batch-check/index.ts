import { loadConfig, loadEngineConfig } from '../../lib/adapters/config';
import { lambdaDeps } from '../../lib/adapters/lambda-deps';
import { ALL_RULES } from '../../lib/rules/registry';
import { createHandler } from './handler';

const config = loadConfig();
export const handler = createHandler(lambdaDeps(config), ALL_RULES, loadEngineConfig(config));
