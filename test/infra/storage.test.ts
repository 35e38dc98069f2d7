import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthApp } from './synth';

describe('Storage, queues and alarm topic', () => {
  const { stateful } = synthApp({ stage: 'prod' });

  it('GIVEN the prod stage THEN case files are locked in governance mode for ten years, versioned, encrypted, private and logged', () => {
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 3650 } } },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: Match.anyValue(),
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'case-files/' }),
    });
  });

  it('THEN nobody but the admin role may delete, unlock or re-time case files', () => {
    stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'CaseFilesDenyDeleteAndUnlockExceptAdmin',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: Match.arrayWith(['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention', 's3:PutObjectRetention']),
            Condition: { ArnNotLike: { 'aws:PrincipalArn': { 'Fn::Join': ['', Match.arrayWith([':role/statsentry-prod-admin'])] } } },
          }),
        ]),
      },
    });
  });

  it('THEN uploads expire from the upload prefixes after 30 days while raw/ copies move to cheaper storage and are kept', () => {
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'data/' }),
      LifecycleConfiguration: {
        // arrayWith keeps order: the rules as the stack lists them.
        Rules: Match.arrayWith([
          Match.objectLike({ Id: 'expire-noncurrent', NoncurrentVersionExpiration: { NoncurrentDays: 90 } }),
          Match.objectLike({ Prefix: 'submissions/', ExpirationInDays: 30, Status: 'Enabled' }),
          Match.objectLike({ Prefix: 'incoming/', ExpirationInDays: 30 }),
          Match.objectLike({
            Prefix: 'raw/',
            Transitions: [
              { StorageClass: 'STANDARD_IA', TransitionInDays: 90 },
              { StorageClass: 'GLACIER_IR', TransitionInDays: 365 },
            ],
          }),
        ]),
      },
    });
    const data = Object.values(stateful.findResources('AWS::S3::Bucket', { Properties: { LoggingConfiguration: { LogFilePrefix: 'data/' } } }))[0]!;
    const rawRule = (data.Properties.LifecycleConfiguration.Rules as { Prefix?: string; ExpirationInDays?: number }[]).find((r) => r.Prefix === 'raw/')!;
    expect(rawRule.ExpirationInDays).toBeUndefined();
  });

  it('THEN the self-inspection queue keeps messages 14 days, redrives to its DLQ and alarms on DLQ depth and backlog age', () => {
    stateful.hasResourceProperties('AWS::SQS::Queue', {
      MessageRetentionPeriod: 1209600,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SelfInspectionDeadLetters'), 'Arn'] }, maxReceiveCount: 5 },
    });
    stateful.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SelfInspectionDeadLetters'), 'QueueName'] } }],
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alerts') }],
    });
    stateful.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 3600 });
  });

  it('THEN every queue is encrypted and TLS-only, and the alarm topic uses a rotated customer key that CloudWatch may use', () => {
    for (const queue of Object.values(stateful.findResources('AWS::SQS::Queue'))) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    stateful.resourcePropertiesCountIs(
      'AWS::SQS::QueuePolicy',
      { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) } },
      4,
    );
    stateful.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlertsKey'), 'Arn'] } });
    stateful.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' } })]) },
    });
  });

  it('GIVEN the dev stage and no retention given THEN case files are locked for one day only (disposable stage)', () => {
    synthApp({ stage: 'dev' }).stateful.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } } },
    });
  });
});
