import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthApp } from './synth';

describe('CDK stacks', () => {
  const { stateful, ingest } = synthApp({ stage: 'prod' });

  it('GIVEN the prod stage THEN the records table is on-demand, recoverable, protected and encrypted with both indexes', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: Match.objectLike({ SSEEnabled: true }),
      Replicas: Match.arrayWith([Match.objectLike({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })]),
      GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: 'gsi1' }), Match.objectLike({ IndexName: 'gsi2' })]),
    });
  });

  it('THEN the data bucket is encrypted, private, versioned, logged and TLS-only', () => {
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: Match.anyValue(),
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'data/' }),
    });
    stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('THEN uploads under each kind prefix notify the ingest queue, self-inspection uploads their own queue, both with dead-letter queues', () => {
    const notifications = stateful.findResources('Custom::S3BucketNotifications');
    const config = Object.values(notifications)[0]!.Properties.NotificationConfiguration.QueueConfigurations as {
      Filter: { Key: { FilterRules: { Value: string }[] } };
      QueueArn: { 'Fn::GetAtt': [string, string] };
    }[];
    const prefixes = config.map((c) => c.Filter.Key.FilterRules[0]!.Value);
    expect(prefixes).toContain('submissions/');
    expect(prefixes).toContain('self-inspection/');
    expect(config).toHaveLength(12);
    const selfInspection = config.find((c) => c.Filter.Key.FilterRules[0]!.Value === 'self-inspection/')!;
    const submissions = config.find((c) => c.Filter.Key.FilterRules[0]!.Value === 'submissions/')!;
    expect(selfInspection.QueueArn['Fn::GetAtt'][0]).toMatch(/^SelfInspectionQueue/);
    expect(submissions.QueueArn['Fn::GetAtt'][0]).toMatch(/^IngestQueue/);
    stateful.resourcePropertiesCountIs('AWS::SQS::Queue', { RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }) }, 2);
  });

  it('THEN the ingest function runs Node 22 on arm64 with partial batch responses and an alarm on the DLQ', () => {
    ingest.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x', Architectures: ['arm64'], ReservedConcurrentExecutions: 10 });
    ingest.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 1 });
    ingest.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    ingest.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ 'Fn::ImportValue': Match.stringLikeRegexp('Alerts') }] });
  });

  it('THEN the ingest function may read the upload prefixes and write only raw/ and reports/ingest/, with no wildcard actions', () => {
    const policies = Object.values(ingest.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(actions).not.toContain('s3:DeleteObject');
    const put = statements.find((s) => s.Action === 's3:PutObject')!;
    expect(JSON.stringify(put.Resource)).toContain('/raw/*');
    expect(JSON.stringify(put.Resource)).toContain('/reports/ingest/*');
    expect(JSON.stringify(put.Resource)).not.toMatch(/"\/\*"/);
  });

  it('GIVEN the dev stage THEN the table may be deleted', () => {
    synthApp({ stage: 'dev' }).stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: Match.arrayWith([Match.objectLike({ DeletionProtectionEnabled: false })]),
    });
  });
});
