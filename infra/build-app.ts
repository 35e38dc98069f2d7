import { Tags, type App } from 'aws-cdk-lib';
import { IngestStack } from './stacks/ingest-stack';
import { StatefulStack } from './stacks/stateful-stack';

/** The whole deployment for one stage (context `stage`, default dev). */
export function buildApp(app: App) {
  const stage = String(app.node.tryGetContext('stage') ?? 'dev');
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const prefix = `statsentry-${stage}`;
  const stateful = new StatefulStack(app, `${prefix}-stateful`, { stage, env });
  const ingest = new IngestStack(app, `${prefix}-ingest`, {
    env,
    table: stateful.table,
    dataBucket: stateful.dataBucket,
    queue: stateful.ingestQueue,
    deadLetters: stateful.ingestDeadLetters,
  });
  Tags.of(app).add('project', 'statsentry');
  Tags.of(app).add('stage', stage);
  return { stage, stateful, ingest };
}
