import { Tags, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AccessStack } from './stacks/access-stack';
import { ChecksStack } from './stacks/checks-stack';
import { IngestStack } from './stacks/ingest-stack';
import { ReviewStack } from './stacks/review-stack';
import { SelfInspectionStack } from './stacks/self-inspection-stack';
import { StatefulStack } from './stacks/stateful-stack';

export interface BuildOptions {
  /** Run the cdk-nag AwsSolutions checks at synthesis (default true; synthesis fails on an unacknowledged finding). */
  nag?: boolean;
}

/** Reads an integer context value within bounds, or the default. */
function intContext(app: App, key: string, fallback: number, min: number, max: number): number {
  const raw: unknown = app.node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`context ${key} must be an integer from ${min} to ${max}, got ${String(raw)}`);
  return value;
}

function shardByContext(app: App): 'owner' | 'district' {
  const raw = String(app.node.tryGetContext('shardBy') ?? 'owner');
  if (raw !== 'owner' && raw !== 'district') throw new Error(`context shardBy must be owner or district, got ${raw}`);
  return raw;
}

/**
 * The whole deployment for one stage. Context (`-c key=value`):
 * - `stage` (default dev): names, and in prod retention and deletion protection;
 * - `checkDay` (1–28, default 10) and `checkHour` (0–23, default 2): when the monthly batch check runs, Asia/Shanghai;
 * - `checkConcurrency` (1–50, default 4): shards checked at once;
 * - `shardBy` (`owner` default, or `district`): a district's run splits by town × category over
 *   whole-table loads; a province's by district, each shard reading only its towns by key;
 * - `caseRetentionDays` (default 3650 in prod, 1 elsewhere): Object Lock governance retention of case files;
 * - `alarmEmail`: an address subscribed to the alarm topic; `districtCode`: the 6-digit division code.
 */
export function buildApp(app: App, options: BuildOptions = {}) {
  // Lock in the cross-stack reference behaviour the stacks were built with (CDK warns otherwise).
  if (app.node.tryGetContext('@aws-cdk/core:defaultCrossStackReferences') === undefined) app.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'strong');
  // Distributed Map ResultWriterV2 (JSONata-capable result writing) is behind this flag.
  app.node.setContext('@aws-cdk/aws-stepfunctions:useDistributedMapResultWriterV2', true);

  const stage = String(app.node.tryGetContext('stage') ?? 'dev');
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const prefix = `statsentry-${stage}`;
  const roleNames = { admin: `${prefix}-admin`, enforcement: `${prefix}-enforcement`, reportingUnit: `${prefix}-reporting-unit` };
  const alarmEmail = app.node.tryGetContext('alarmEmail') as string | undefined;
  const districtCode = app.node.tryGetContext('districtCode') as string | undefined;

  const stateful = new StatefulStack(app, `${prefix}-stateful`, {
    stage,
    env,
    caseRetentionDays: intContext(app, 'caseRetentionDays', stage === 'prod' ? 3650 : 1, 1, 36500),
    adminRoleName: roleNames.admin,
    alarmEmail,
  });
  const ingest = new IngestStack(app, `${prefix}-ingest`, {
    env,
    table: stateful.table,
    dataBucket: stateful.dataBucket,
    dataBucketArnExport: stateful.dataBucketArnExport,
    queue: stateful.ingestQueue,
    deadLetters: stateful.ingestDeadLetters,
    alerts: stateful.alerts,
  });
  const checks = new ChecksStack(app, `${prefix}-checks`, {
    env,
    stage,
    table: stateful.table,
    dataBucketNameExport: stateful.dataBucketNameExport,
    dataBucketArnExport: stateful.dataBucketArnExport,
    caseFilesBucketArnExport: stateful.caseFilesBucketArnExport,
    alerts: stateful.alerts,
    alertsKey: stateful.alerts.masterKey!,
    checkDay: intContext(app, 'checkDay', 10, 1, 28),
    checkHour: intContext(app, 'checkHour', 2, 0, 23),
    checkConcurrency: intContext(app, 'checkConcurrency', 4, 1, 50),
    shardBy: shardByContext(app),
    districtCode,
  });
  const selfInspection = new SelfInspectionStack(app, `${prefix}-self-inspection`, {
    env,
    table: stateful.table,
    dataBucketArnExport: stateful.dataBucketArnExport,
    dataBucketNameExport: stateful.dataBucketNameExport,
    queue: stateful.selfInspectionQueue,
    districtCode,
  });
  const review = new ReviewStack(app, `${prefix}-review`, {
    env,
    stage,
    table: stateful.table,
    dataBucketNameExport: stateful.dataBucketNameExport,
    caseFilesBucketArnExport: stateful.caseFilesBucketArnExport,
  });
  const access = new AccessStack(app, `${prefix}-access`, {
    env,
    stage,
    table: stateful.table,
    dataBucketArnExport: stateful.dataBucketArnExport,
    caseFilesBucketArnExport: stateful.caseFilesBucketArnExport,
    batchCheckName: checks.stateMachineName,
    roleNames,
    reviewApiIdExport: review.apiIdExport,
  });
  // Imports by export name carry no automatic dependency.
  for (const stack of [ingest, checks, access, selfInspection]) stack.addStackDependency(stateful);
  access.addStackDependency(checks);
  review.addStackDependency(stateful);
  access.addStackDependency(review);

  Tags.of(app).add('project', 'statsentry');
  Tags.of(app).add('stage', stage);
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stage, stateful, ingest, checks, access, selfInspection, review };
}
