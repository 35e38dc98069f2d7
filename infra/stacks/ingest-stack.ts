import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { AppFunction } from '../constructs/app-function';

export interface IngestStackProps extends StackProps {
  table: ITableV2;
  dataBucket: IBucket;
  queue: IQueue;
  deadLetters: IQueue;
}

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
    props.table.grantReadWriteData(this.ingestFunction);
    props.dataBucket.grantReadWrite(this.ingestFunction);
    this.ingestFunction.addEventSource(new SqsEventSource(props.queue, { batchSize: 1, reportBatchItemFailures: true }));

    new Alarm(this, 'IngestDeadLettersAlarm', {
      metric: props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: 'Uploads that failed ingest five times are waiting in the dead-letter queue',
    });
  }
}
