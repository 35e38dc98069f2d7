import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthApp } from './synth';

const UNIT = '${aws:PrincipalTag/unit_id}';
const dataObjects = (suffix: string) => ({ 'Fn::Join': ['', [{ 'Fn::ImportValue': 'statsentry-prod-stateful-DataBucketArn' }, suffix]] });

describe("People's roles", () => {
  const { access } = synthApp({ stage: 'prod' });
  const policyOf = (prefix: string) =>
    Object.entries(access.findResources('AWS::IAM::ManagedPolicy')).find(([id]) => id.startsWith(prefix))![1].Properties.PolicyDocument.Statement as {
      Sid?: string;
      Effect: string;
      Action: string | string[];
    }[];

  it('GIVEN a reporting unit THEN it may write only under self-inspection/<its unit_id tag>/ and read only its own reports', () => {
    access.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Sid: 'UploadOwnSelfInspection', Effect: 'Allow', Action: 's3:PutObject', Resource: dataObjects(`/self-inspection/${UNIT}/*`) },
          { Sid: 'ReadOwnSelfInspectionReports', Effect: 'Allow', Action: 's3:GetObject', Resource: dataObjects(`/self-inspection-reports/${UNIT}/*`) },
          Match.objectLike({
            Sid: 'ListOwnPrefixes',
            Action: 's3:ListBucket',
            Condition: { StringLike: { 's3:prefix': [`self-inspection/${UNIT}/*`, `self-inspection-reports/${UNIT}/*`] } },
          }),
        ]),
      },
    });
  });

  it('THEN a session without the unit_id tag, or with a tag containing "/", is denied everything in S3', () => {
    access.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Sid: 'DenyWithoutUnitTag', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Null: { 'aws:PrincipalTag/unit_id': 'true' } } },
          { Sid: 'DenyUnsafeUnitTag', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalTag/unit_id': '*/*' } } },
        ]),
      },
    });
    const allowed = policyOf('ReportingUnitPolicy')
      .filter((s) => s.Effect === 'Allow')
      .flatMap((s) => [s.Action].flat());
    expect(allowed.sort()).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject']);
  });

  it('THEN the reporting-unit role can be assumed only with a non-empty unit_id session tag', () => {
    access.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'statsentry-prod-reporting-unit',
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: { StringLike: { 'aws:RequestTag/unit_id': '?*' } } })],
      },
    });
  });

  it('GIVEN enforcement staff THEN they read case files and table items and can change nothing', () => {
    const actions = policyOf('EnforcementPolicy').flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObject', 'dynamodb:Query', 'dynamodb:GetItem']));
    expect(actions.filter((a) => /Put|Delete|Update|Write|Bypass|\*/.test(a))).toEqual([]);
  });

  it('GIVEN admins THEN they need MFA and hold the governance bypass and the batch-check start', () => {
    access.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'statsentry-prod-admin',
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })] },
    });
    const actions = policyOf('AdminPolicy').flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['s3:BypassGovernanceRetention', 'states:StartExecution']));
  });
});
