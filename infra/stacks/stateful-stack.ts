import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, EventType, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { RECORD_KINDS } from '../../lib/domain/kinds';
import type { Construct } from 'constructs';
import { TABLE_KEYS } from '../../lib/adapters/aws/table-schema';

export interface StatefulStackProps extends StackProps {
  stage: string;
}

/** What must outlive deployments: the records table and the data bucket (raw uploads, reports, cases). */
export class StatefulStack extends Stack {
  readonly table: TableV2;
  readonly dataBucket: Bucket;
  /** Upload notifications wait here for the ingest function; it lives with the bucket to avoid a cross-stack cycle. */
  readonly ingestQueue: Queue;
  readonly ingestDeadLetters: Queue;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const retain = props.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const { partitionKey, sortKey, byGroup, byActor } = TABLE_KEYS;
    this.table = new TableV2(this, 'Records', {
      partitionKey: { name: partitionKey, type: AttributeType.STRING },
      sortKey: { name: sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.stage === 'prod',
      encryption: TableEncryptionV2.awsManagedKey(),
      removalPolicy: retain,
      globalSecondaryIndexes: [byGroup, byActor].map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
    });

    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: retain,
    });
    this.dataBucket = new Bucket(this, 'Data', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'data/',
      // Raw uploads are kept in raw/ after ingest; the upload prefixes themselves are transient.
      lifecycleRules: [{ id: 'expire-noncurrent', noncurrentVersionExpiration: Duration.days(90) }],
      removalPolicy: retain,
    });

    this.ingestDeadLetters = new Queue(this, 'IngestDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.ingestQueue = new Queue(this, 'IngestQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Six times the ingest function's timeout, as AWS advises for SQS event sources.
      visibilityTimeout: Duration.minutes(30),
      deadLetterQueue: { queue: this.ingestDeadLetters, maxReceiveCount: 5 },
    });
    for (const kind of RECORD_KINDS) {
      this.dataBucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.ingestQueue), { prefix: `${kind}/` });
    }
  }
}
