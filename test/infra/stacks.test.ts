import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app';

function synth(stage = 'dev') {
  // No bundling in template tests: it would run esbuild for every function.
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'cdk-out-')), context: { stage, 'aws:cdk:bundling-stacks': [] } });
  const built = buildApp(app);
  return { stateful: Template.fromStack(built.stateful), ingest: Template.fromStack(built.ingest) };
}

describe('CDK stacks', () => {
  const { stateful, ingest } = synth('prod');

  it('GIVEN the prod stage THEN the records table is on-demand, recoverable, protected and encrypted with both indexes', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: Match.objectLike({ SSEEnabled: true }),
      Replicas: Match.arrayWith([
        Match.objectLike({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      ]),
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

  it('THEN uploads under each kind prefix notify the ingest queue, which has a dead-letter queue', () => {
    const notifications = stateful.findResources('Custom::S3BucketNotifications');
    const config = Object.values(notifications)[0]!.Properties.NotificationConfiguration.QueueConfigurations as { Filter: { Key: { FilterRules: { Value: string }[] } } }[];
    expect(config.map((c) => c.Filter.Key.FilterRules[0]!.Value)).toContain('submissions/');
    expect(config).toHaveLength(11);
    stateful.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }) });
  });

  it('THEN the ingest function runs Node 22 on arm64 with partial batch responses and an alarm on the DLQ', () => {
    ingest.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x', Architectures: ['arm64'], ReservedConcurrentExecutions: 10 });
    ingest.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 1 });
    ingest.resourceCountIs('AWS::CloudWatch::Alarm', 1);
  });

  it('GIVEN the dev stage THEN the table may be deleted', () => {
    synth('dev').stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: Match.arrayWith([Match.objectLike({ DeletionProtectionEnabled: false })]),
    });
  });
});
