import { loadConfig, loadEngineConfig } from '../../lib/adapters/config';
import { lambdaDeps } from '../../lib/adapters/lambda-deps';
import { StorePeerStats } from '../../lib/use-cases/self-inspect-peer-stats';
import { createHandler } from './handler';

/** Lambda entry: configuration, clients and the peer-statistics cache live as long as the container. */
const config = loadConfig();
const deps = lambdaDeps(config);
export const handler = createHandler({
  official: deps.official,
  ledger: deps.ledger,
  peers: new StorePeerStats(deps.records, deps.clock),
  reports: deps.blobs,
  blobsFor: deps.blobsFor,
  clock: deps.clock,
  usccAllowList: deps.usccAllowList,
  config: loadEngineConfig(config),
});
