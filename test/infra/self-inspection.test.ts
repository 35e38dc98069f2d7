import { Template, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthApp } from './synth';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

describe('Self-inspection stack', () => {
  const { built, stateful } = synthApp({ stage: 'prod' });
  const template = Template.fromStack(built.selfInspection);
  const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
  const actionsOf = (s: Statement) => [s.Action].flat();

  it('GIVEN the app THEN a Node 22 arm64 function consumes the self-inspection queue with partial batch responses', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x', Architectures: ['arm64'], ReservedConcurrentExecutions: 4 });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 1 });
    const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))[0]!;
    expect(JSON.stringify(mapping.Properties.EventSourceArn)).toMatch(/SelfInspectionQueue/);
    // The queue the stateful stack feeds from `self-inspection/` notifications is the one consumed.
    stateful.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 1800, RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }) });
  });

  it('THEN the function reads only self-inspection/ uploads and writes only self-inspection-reports/', () => {
    const get = statements.find((s) => actionsOf(s).includes('s3:GetObject'))!;
    const put = statements.find((s) => actionsOf(s).includes('s3:PutObject'))!;
    expect(JSON.stringify(get.Resource)).toContain('/self-inspection/*');
    expect(JSON.stringify(put.Resource)).toContain('/self-inspection-reports/*');
    const s3Actions = statements.flatMap(actionsOf).filter((a) => a.startsWith('s3:'));
    expect(s3Actions.sort()).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject']);
    for (const s of statements.filter((x) => actionsOf(x).some((a) => a.startsWith('s3:')))) {
      const resource = JSON.stringify(s.Resource);
      expect(resource).not.toMatch(/\/(raw|cases|reports\/ingest)\//);
    }
  });

  it('THEN its only table write is PutItem on SELFINSP# partitions (the ledger), never an official record, finding or case', () => {
    const writes = statements.filter((s) => actionsOf(s).some((a) => /dynamodb:(Put|Update|Delete|BatchWrite)/.test(a)));
    expect(writes).toHaveLength(1);
    expect(actionsOf(writes[0]!)).toEqual(['dynamodb:PutItem']);
    expect(writes[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SELFINSP#*'] } });
    const all = statements.flatMap(actionsOf);
    expect(all.filter((a) => a.includes('*'))).toEqual([]);
    expect(all).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:Scan']));
  });

  it('THEN it depends on the stateful stack that owns its queue and bucket', () => {
    expect(built.selfInspection.dependencies.map((s) => s.stackName)).toContain(built.stateful.stackName);
  });
});
