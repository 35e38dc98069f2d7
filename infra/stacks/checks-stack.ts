import { Duration, Fn, RemovalPolicy, Stack, TimeZone, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import {
  DefinitionBody,
  DistributedMap,
  Fail,
  JitterType,
  LogLevel,
  OutputType,
  Pass,
  ProvideItems,
  QueryLanguage,
  ResultWriterV2,
  StateMachine,
  StateMachineType,
  TaskInput,
  Transformation,
  WriterConfig,
  type DistributedMapProps,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke, SnsPublish } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { AppFunction } from '../constructs/app-function';
import { acknowledge, nagArnOf, nagFlatten } from '../nag';
import { BATCH_CHECK_RESULTS_PREFIX } from './stateful-stack';

export interface ChecksStackProps extends StackProps {
  stage: string;
  table: ITableV2;
  /** Export name of the data bucket's name (StatefulStack.dataBucketNameExport). */
  dataBucketNameExport: string;
  /** Export name of the data bucket's ARN (StatefulStack.dataBucketArnExport). */
  dataBucketArnExport: string;
  /** Export name of the case-files bucket's ARN (StatefulStack.caseFilesBucketArnExport). */
  caseFilesBucketArnExport: string;
  alerts: ITopic;
  alertsKey: IKey;
  /** Day of the month (1–28) on which the scheduled batch check runs, after the reporting deadline. */
  checkDay: number;
  /** Hour (Asia/Shanghai) of that day. */
  checkHour: number;
  /** Distributed Map MaxConcurrency: shards checked at once. */
  checkConcurrency: number;
  /**
   * How the plan splits the run: `owner` (town × category keys, each shard loading the whole
   * table — a district) or `district` (one shard per district, loading its towns by key — a province).
   */
  shardBy: 'owner' | 'district';
  districtCode?: string;
}

/**
 * The period a scheduled run checks: the month before the execution's start in Asia/Shanghai
 * (start − day-of-month days is the last day of the previous month), unless the input names one:
 * `{"period":"2025-03"}` when started by hand.
 */
export const PERIOD_EXPRESSION =
  "{% $exists($states.input.period) ? $states.input.period : $fromMillis($toMillis($states.context.Execution.StartTime) - $number($fromMillis($toMillis($states.context.Execution.StartTime), '[D1]', '+0800')) * 86400000, '[Y0001]-[M01]', '+0800') %}";

/** A Distributed Map that states `ToleratedFailurePercentage: 0` (CDK omits a 0, which is also the ASL default). */
class StrictDistributedMap extends DistributedMap {
  constructor(scope: Construct, id: string, props: DistributedMapProps) {
    super(scope, id, props);
  }
  override toStateJson(queryLanguage?: QueryLanguage): object {
    return { ...super.toStateJson(queryLanguage), ToleratedFailurePercentage: 0 };
  }
}

/**
 * The monthly batch check: EventBridge Scheduler → Step Functions (plan → Distributed Map of
 * batch-check over shards, each storing its findings and building its own cases) with a failure path to the alarm topic.
 * Also started by hand: `aws stepfunctions start-execution --state-machine-arn … --input '{"period":"2025-03"}'`.
 */
export class ChecksStack extends Stack {
  readonly batchCheckFunction: AppFunction;
  readonly stateMachine: StateMachine;
  readonly stateMachineName: string;

  constructor(scope: Construct, id: string, props: ChecksStackProps) {
    super(scope, id, props);
    this.stateMachineName = `statsentry-${props.stage}-batch-check`;
    const dataBucketName = Fn.importValue(props.dataBucketNameExport);
    const caseFilesArn = Fn.importValue(props.caseFilesBucketArnExport);
    // arn:aws:s3:::<name> — the sixth ':'-separated field is the bucket name.
    const caseFilesName = Fn.select(5, Fn.split(':', caseFilesArn));

    this.batchCheckFunction = new AppFunction(this, 'BatchCheck', {
      entry: fileURLToPath(new URL('../../functions/batch-check/index.ts', import.meta.url)),
      description: 'Plans the batch-check shards, or runs the rules for one shard, stores its findings and builds its cases',
      // Each invocation loads the whole district today (see docs/aws.md): memory for the columnar model.
      memorySize: 3008,
      timeout: Duration.minutes(15),
      environment: {
        STATSENTRY_TABLE: props.table.tableName,
        STATSENTRY_BUCKET: dataBucketName,
        STATSENTRY_CASES_BUCKET: caseFilesName,
        ...(props.districtCode ? { STATSENTRY_DISTRICT_CODE: props.districtCode } : {}),
      },
      // The Map's concurrency plus the plan step: nothing else may scan the table at once.
      reservedConcurrentExecutions: props.checkConcurrency + 1,
    });
    this.batchCheckFunction.addToRolePolicy(
      new PolicyStatement({
        // Scan: loading the district; gsi1 Query + BatchGet/BatchWrite: findings and cases;
        // conditional PutItem: case commits and audit entries; gsi2: cases of a unit.
        actions: ['dynamodb:Scan', 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:PutItem'],
        resources: [props.table.tableArn, `${props.table.tableArn}/index/gsi1`, `${props.table.tableArn}/index/gsi2`],
      }),
    );
    // Case files are written once (no delete, no overwrite API used); HeadObject on a missing
    // key needs ListBucket to answer 404 rather than 403.
    this.batchCheckFunction.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [`${caseFilesArn}/cases/*`] }));
    this.batchCheckFunction.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [caseFilesArn] }));

    // ---- state machine ----------------------------------------------------------------------
    const resolvePeriod = Pass.jsonata(this, 'ResolvePeriod', {
      comment: "The period to check: the input's, or the month before the start (Asia/Shanghai)",
      outputs: { period: PERIOD_EXPRESSION },
    });
    const plan = LambdaInvoke.jsonata(this, 'PlanShards', {
      lambdaFunction: this.batchCheckFunction,
      payload: TaskInput.fromObject({ action: 'plan', by: props.shardBy }),
      outputs: { period: '{% $states.input.period %}', shards: '{% $states.result.Payload.shards %}' },
    });
    plan.addRetry({ errors: ['States.ALL'], interval: Duration.seconds(30), maxAttempts: 3, backoffRate: 2, jitterStrategy: JitterType.FULL });

    const checkShard = LambdaInvoke.jsonata(this, 'CheckShard', {
      lambdaFunction: this.batchCheckFunction,
      payload: TaskInput.fromObject({ action: 'check', shard: '{% $states.input.shard %}', period: '{% $states.input.period %}' }),
      outputs: '{% $states.result.Payload %}',
    });
    // A shard that fails (a rule threw, a throttle, a timeout) is retried with growing pauses.
    checkShard.addRetry({ errors: ['States.ALL'], interval: Duration.seconds(30), maxAttempts: 4, backoffRate: 2, maxDelay: Duration.minutes(5), jitterStrategy: JitterType.FULL });

    const dataBucket = Bucket.fromBucketAttributes(this, 'DataBucket', {
      bucketArn: Fn.importValue(props.dataBucketArnExport),
      bucketName: dataBucketName,
    });
    const checkShards = new StrictDistributedMap(this, 'CheckShards', {
      queryLanguage: QueryLanguage.JSONATA,
      comment: 'One child execution per shard (owner keys, or a district and its towns); the plan passes inline (see docs/aws.md)',
      items: ProvideItems.jsonata('{% $states.input.shards %}'),
      jsonataItemSelector: '{% { "shard": $states.context.Map.Item.Value, "period": $states.input.period } %}',
      maxConcurrency: props.checkConcurrency,
      mapExecutionType: StateMachineType.STANDARD,
      label: 'CheckShards',
      resultWriterV2: new ResultWriterV2({
        bucket: dataBucket,
        prefix: BATCH_CHECK_RESULTS_PREFIX,
        writerConfig: new WriterConfig({ outputType: OutputType.JSON, transformation: Transformation.COMPACT }),
      }),
    });
    checkShards.itemProcessor(checkShard);

    const notifyFailure = SnsPublish.jsonata(this, 'NotifyFailure', {
      topic: props.alerts,
      subject: `statsentry ${props.stage}: batch check failed`,
      message: TaskInput.fromText("{% 'Batch check ' & $states.context.Execution.Name & ' failed: ' & $states.input.Error & ' ' & $states.input.Cause %}"),
    });
    const failed = Fail.jsonata(this, 'BatchCheckFailed', { error: 'BatchCheckFailed', cause: 'A shard or the plan failed after its retries; see the alarm topic' });
    notifyFailure.next(failed);
    plan.addCatch(notifyFailure, { errors: ['States.ALL'] });
    checkShards.addCatch(notifyFailure, { errors: ['States.ALL'] });

    const logs = new LogGroup(this, 'StateMachineLogs', {
      logGroupName: `/aws/vendedlogs/states/statsentry-${props.stage}-batch-check`,
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stateMachine = new StateMachine(this, 'BatchCheckStateMachine', {
      stateMachineName: this.stateMachineName,
      queryLanguage: QueryLanguage.JSONATA,
      definitionBody: DefinitionBody.fromChainable(resolvePeriod.next(plan).next(checkShards)),
      timeout: Duration.hours(12),
      tracingEnabled: true,
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: true },
    });
    // The SNS task publishes to a KMS-encrypted topic.
    this.stateMachine.addToRolePolicy(new PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.alertsKey.keyArn] }));

    const alarmAction = new SnsAction(props.alerts);
    new Alarm(this, 'BatchCheckFailedAlarm', {
      metric: this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: 'A batch-check execution failed',
    }).addAlarmAction(alarmAction);
    new Alarm(this, 'BatchCheckTimedOutAlarm', {
      metric: this.stateMachine.metricTimedOut({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: 'A batch-check execution ran past its 12-hour timeout',
    }).addAlarmAction(alarmAction);

    // ---- schedule ---------------------------------------------------------------------------
    const schedule = new Schedule(this, 'MonthlyBatchCheck', {
      description: `Batch check of the previous month on day ${props.checkDay} at ${props.checkHour}:00 Asia/Shanghai`,
      schedule: ScheduleExpression.cron({
        minute: '0',
        hour: String(props.checkHour),
        day: String(props.checkDay),
        month: '*',
        year: '*',
        timeZone: TimeZone.ASIA_SHANGHAI,
      }),
      // No period in the input: the state machine checks the month before the start.
      target: new StepFunctionsStartExecution(this.stateMachine, {
        input: ScheduleTargetInput.fromObject({ trigger: 'schedule' }),
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
      }),
    });
    new Alarm(this, 'ScheduleDroppedAlarm', {
      metric: new Metric({
        namespace: 'AWS/Scheduler',
        metricName: 'InvocationDroppedCount',
        dimensionsMap: { ScheduleGroup: 'default' },
        period: Duration.minutes(5),
        statistic: 'Sum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: `The monthly batch-check schedule (${schedule.scheduleName}) could not start the state machine after its retries`,
    }).addAlarmAction(alarmAction);

    // ---- acknowledgements -------------------------------------------------------------------
    const smPolicy = this.stateMachine.role.node.findChild('DefaultPolicy');
    acknowledge(
      smPolicy,
      `AwsSolutions-IAM5[Resource::${nagArnOf(this.batchCheckFunction)}:*]`,
      'The batch-check state machine invokes the batch-check function; LambdaInvoke also grants its versions and aliases (<function arn>:*), nothing else.',
    );
    acknowledge(
      smPolicy,
      'AwsSolutions-IAM5[Resource::*]',
      'The batch-check state machine delivers logs through CloudWatch Logs vended delivery and traces to X-Ray; both APIs take only Resource "*".',
    );
    acknowledge(
      smPolicy,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${props.dataBucketNameExport}/*]`,
      `The Distributed Map's result writer (aws-cdk-lib) grants on the data bucket's objects; the state machine writes only under ${BATCH_CHECK_RESULTS_PREFIX}.`,
    );
    acknowledge(
      this.batchCheckFunction.role!.node.findChild('DefaultPolicy'),
      `AwsSolutions-IAM5[Resource::${props.caseFilesBucketArnExport}/cases/*]`,
      'Case files are keyed cases/<case id>/v<n>/<file>; case ids are made per run, so the grant is the cases/ prefix, read and put only (no delete; Object Lock keeps every version).',
    );
    // The Distributed Map starts, watches and stops its own child executions.
    const executions = nagFlatten(this, `arn:${this.partition}:states:${this.region}:${this.account}:execution:${Fn.select(6, Fn.split(':', this.stateMachine.stateMachineArn))}`);
    const mapPolicy = this.stateMachine.node.findChild('DistributedMapPolicy');
    for (const suffix of [':*', '/CheckShards:*']) {
      acknowledge(mapPolicy, `AwsSolutions-IAM5[Resource::${executions}${suffix}]`, 'The Distributed Map manages the child executions of this state machine only; their names are generated per run.');
    }
  }
}
