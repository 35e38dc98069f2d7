import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { AnyPrincipal, Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, EventType, ObjectLockRetention, ObjectOwnership, StorageClass } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { TABLE_KEYS } from '../../lib/adapters/aws/table-schema';
import { RECORD_KINDS } from '../../lib/domain/kinds';
import { acknowledge } from '../nag';

export interface StatefulStackProps extends StackProps {
  stage: string;
  /** Default Object Lock retention (governance mode) of case files, in days. */
  caseRetentionDays: number;
  /** Name of the admin role (the only principal allowed to delete or unlock case files). */
  adminRoleName: string;
  /** Optional address that receives the alarms. */
  alarmEmail?: string;
}

/** Upload prefixes that the ingest function reads: `<kind>/…` and `incoming/<kind>/…`. */
export const INGEST_UPLOAD_PREFIXES = [...RECORD_KINDS.map((kind) => `${kind}/`), 'incoming/'] as const;
/** Where reporting units put their self-inspection files (`self-inspection/<unit id>/…`). */
export const SELF_INSPECTION_PREFIX = 'self-inspection/';
/** Where the self-inspection function puts a unit's reports (`self-inspection-reports/<unit id>/…`). */
export const SELF_INSPECTION_REPORTS_PREFIX = 'self-inspection-reports/';
/** Where the batch-check state machine writes the Distributed Map results. */
export const BATCH_CHECK_RESULTS_PREFIX = 'reports/batch-check/';

/**
 * What must outlive deployments: the records table, the data bucket (uploads, raw copies,
 * reports), the case-files bucket (enforcement evidence, Object Lock), the upload queues and
 * the alarm topic.
 */
export class StatefulStack extends Stack {
  readonly table: TableV2;
  readonly dataBucket: Bucket;
  readonly caseFilesBucket: Bucket;
  /** Named exports of the bucket ARNs: other stacks import them by these names (stable, readable IAM findings). */
  readonly dataBucketArnExport: string;
  readonly dataBucketNameExport: string;
  readonly caseFilesBucketArnExport: string;
  /** Upload notifications wait here for the ingest function; it lives with the bucket to avoid a cross-stack cycle. */
  readonly ingestQueue: Queue;
  readonly ingestDeadLetters: Queue;
  /** `self-inspection/` uploads wait here for the self-inspection function (SelfInspectionStack). */
  readonly selfInspectionQueue: Queue;
  readonly selfInspectionDeadLetters: Queue;
  /** Every alarm of the stage publishes here. */
  readonly alerts: Topic;

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

    // ---- alarms ---------------------------------------------------------------------------
    const alertsKey = new Key(this, 'AlertsKey', {
      enableKeyRotation: true,
      description: 'Encrypts the statsentry alarm topic',
      removalPolicy: retain,
    });
    // CloudWatch alarms publish to an encrypted topic only if the key lets CloudWatch use it.
    alertsKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey');
    this.alerts = new Topic(this, 'Alerts', { masterKey: alertsKey, enforceSSL: true, displayName: `statsentry ${props.stage} alarms` });
    if (props.alarmEmail) this.alerts.addSubscription(new EmailSubscription(props.alarmEmail));

    // ---- buckets --------------------------------------------------------------------------
    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: retain,
    });
    acknowledge(accessLogs, 'AwsSolutions-S1', 'AccessLogs is the server-access-log target of the data and case-files buckets; logging it into itself would log every log delivery.');

    this.dataBucket = new Bucket(this, 'Data', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'data/',
      lifecycleRules: [
        { id: 'expire-noncurrent', noncurrentVersionExpiration: Duration.days(90) },
        { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(7) },
        // Upload prefixes are transient: ingest keeps the bytes under raw/ (content-addressed).
        // 30 days is longer than the dead-letter queues keep a message (14 days), so a redriven
        // notification still finds its upload.
        ...INGEST_UPLOAD_PREFIXES.map((prefix) => ({ id: `expire-upload-${prefix.replace(/\/$/, '')}`, prefix, expiration: Duration.days(30) })),
        // raw/ is the evidence of what was filed: kept, but moved to cheaper storage as it ages.
        {
          id: 'age-raw',
          prefix: 'raw/',
          transitions: [
            { storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) },
            { storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(365) },
          ],
        },
        {
          id: 'age-self-inspection',
          prefix: SELF_INSPECTION_PREFIX,
          transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }],
        },
      ],
      removalPolicy: retain,
    });

    this.caseFilesBucket = new Bucket(this, 'CaseFiles', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      // Enforcement evidence: every version is locked in governance mode; only the admin role
      // may bypass it (and the bucket policy below denies everyone else the attempt).
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.governance(Duration.days(props.caseRetentionDays)),
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'case-files/',
      lifecycleRules: [
        { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(7) },
        { id: 'age-case-files', transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(180) }] },
      ],
      removalPolicy: retain,
    });
    const adminRoleArn = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${props.adminRoleName}`;
    this.caseFilesBucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CaseFilesDenyDeleteAndUnlockExceptAdmin',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: [
          's3:DeleteObject',
          's3:DeleteObjectVersion',
          's3:BypassGovernanceRetention',
          's3:PutObjectRetention',
          's3:PutObjectLegalHold',
          's3:PutBucketObjectLockConfiguration',
          's3:PutLifecycleConfiguration',
        ],
        resources: [this.caseFilesBucket.bucketArn, this.caseFilesBucket.arnForObjects('*')],
        conditions: { ArnNotLike: { 'aws:PrincipalArn': adminRoleArn } },
      }),
    );

    // Named exports: consumers import the ARNs by name, so their IAM statements read
    // `statsentry-<stage>-stateful-DataBucketArn/raw/*` rather than a generated export id.
    this.dataBucketArnExport = `${this.stackName}-DataBucketArn`;
    this.caseFilesBucketArnExport = `${this.stackName}-CaseFilesBucketArn`;
    this.dataBucketNameExport = `${this.stackName}-DataBucketName`;
    this.exportValue(this.dataBucket.bucketArn, { name: this.dataBucketArnExport });
    this.exportValue(this.dataBucket.bucketName, { name: this.dataBucketNameExport });
    this.exportValue(this.caseFilesBucket.bucketArn, { name: this.caseFilesBucketArnExport });
    // The generated export that the ingest stack imported before the named one existed; kept
    // so that an already deployed stage can update (remove once every stage has deployed this).
    this.exportValue(this.dataBucket.bucketArn);

    // ---- upload queues ----------------------------------------------------------------------
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

    this.selfInspectionDeadLetters = new Queue(this, 'SelfInspectionDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.selfInspectionQueue = new Queue(this, 'SelfInspectionQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Uploads wait here as long as SQS allows if the self-inspection function is down.
      retentionPeriod: Duration.days(14),
      visibilityTimeout: Duration.minutes(30),
      deadLetterQueue: { queue: this.selfInspectionDeadLetters, maxReceiveCount: 5 },
    });
    this.dataBucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.selfInspectionQueue), { prefix: SELF_INSPECTION_PREFIX });

    const alarmAction = new SnsAction(this.alerts);
    new Alarm(this, 'SelfInspectionDeadLettersAlarm', {
      metric: this.selfInspectionDeadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: 'Self-inspection uploads that failed five times are waiting in the dead-letter queue',
    }).addAlarmAction(alarmAction);
    new Alarm(this, 'SelfInspectionBacklogAlarm', {
      metric: this.selfInspectionQueue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5) }),
      threshold: Duration.hours(1).toSeconds(),
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: 'A self-inspection upload has waited more than an hour: is the self-inspection function attached and healthy?',
    }).addAlarmAction(alarmAction);

    // CDK's bucket-notification custom resource (one per stack, written by aws-cdk-lib).
    const notificationsHandler = this.node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
    if (notificationsHandler) {
      acknowledge(
        notificationsHandler,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        "The bucket-notification custom resource is aws-cdk-lib's own deploy-time Lambda; the managed policy only lets it write its logs.",
      );
      acknowledge(
        notificationsHandler,
        'AwsSolutions-IAM5[Resource::*]',
        "The bucket-notification custom resource needs s3:PutBucketNotification on '*' as aws-cdk-lib writes it; it runs only during deployments of this stack.",
      );
    }

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'DataBucketName', { value: this.dataBucket.bucketName });
    new CfnOutput(this, 'CaseFilesBucketName', { value: this.caseFilesBucket.bucketName });
    new CfnOutput(this, 'AlertsTopicArn', { value: this.alerts.topicArn });
  }
}
