import { Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { AppFunction } from '../constructs/app-function';
import { acknowledgeObjectPrefixes } from '../nag';
import { INGEST_UPLOAD_PREFIXES } from './stateful-stack';

export interface IngestStackProps extends StackProps {
  table: ITableV2;
  dataBucket: IBucket;
  /** Export name of the data bucket's ARN (StatefulStack.dataBucketArnExport). */
  dataBucketArnExport: string;
  queue: IQueue;
  deadLetters: IQueue;
  alerts: ITopic;
}

/** Where ingest writes: the raw copy and the ingest report of each upload. */
const INGEST_WRITE_PREFIXES = ['raw/', 'reports/ingest/'] as const;

/** The ingest Lambda on the upload queue (S3 ObjectCreated under `<kind>/` → SQS → here), with its alarm. */
export class IngestStack extends Stack {
  readonly ingestFunction: AppFunction;

  constructor(scope: Construct, id: string, props: IngestStackProps) {
    super(scope, id, props);

    this.ingestFunction = new AppFunction(this, 'Ingest', {
      entry: fileURLToPath(new URL('../../functions/ingest/index.ts', import.meta.url)),
      description: 'Validates and stores uploaded contract files; writes the ingest report',
      environment: { STATSENTRY_TABLE: props.table.tableName, STATSENTRY_BUCKET: props.dataBucket.bucketName },
      // Bounded so that a burst of uploads cannot swamp the table's on-demand ramp-up.
      reservedConcurrentExecutions: 10,
    });

    // Least privilege: the record store's calls on the base table (no index, no scan, no delete).
    this.ingestFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
        resources: [props.table.tableArn],
      }),
    );
    // Read the uploads, write the raw copy and the report; list only so that a vanished upload is a 404, not a 403.
    const bucketArn = Fn.importValue(props.dataBucketArnExport);
    this.ingestFunction.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucketArn] }));
    this.ingestFunction.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: INGEST_UPLOAD_PREFIXES.map((prefix) => `${bucketArn}/${prefix}*`) }));
    this.ingestFunction.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: INGEST_WRITE_PREFIXES.map((prefix) => `${bucketArn}/${prefix}*`) }));
    const policy = this.ingestFunction.role!.node.findChild('DefaultPolicy');
    acknowledgeObjectPrefixes(
      policy,
      props.dataBucketArnExport,
      INGEST_UPLOAD_PREFIXES,
      'Ingest reads whichever upload S3 notified under this kind prefix; object keys are not known in advance, the prefix is the narrowest scope.',
    );
    acknowledgeObjectPrefixes(
      policy,
      props.dataBucketArnExport,
      INGEST_WRITE_PREFIXES,
      'Ingest writes the raw copy and the report of each upload under content-addressed keys inside this prefix only.',
    );

    this.ingestFunction.addEventSource(new SqsEventSource(props.queue, { batchSize: 1, reportBatchItemFailures: true }));

    new Alarm(this, 'IngestDeadLettersAlarm', {
      metric: props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: 'Uploads that failed ingest five times are waiting in the dead-letter queue',
    }).addAlarmAction(new SnsAction(props.alerts));
  }
}
