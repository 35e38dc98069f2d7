import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { stateMachineDefinition, synthApp } from './synth';

describe('Batch check: schedule, state machine, function', () => {
  const { checks } = synthApp({ stage: 'prod' });
  const asl = stateMachineDefinition(checks);

  it('GIVEN default context THEN the schedule starts the state machine at 02:00 Asia/Shanghai on the 10th, retrying', () => {
    checks.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 10 * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      State: 'ENABLED',
      Target: Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^BatchCheckStateMachine') }, RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }) }),
    });
  });

  it('GIVEN checkDay=15 and checkHour=20 in context THEN the schedule follows them', () => {
    synthApp({ checkDay: '15', checkHour: 20 }).checks.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(0 20 15 * ? *)' });
  });

  it('GIVEN shardBy=district (a province) THEN the plan is asked for one shard per district; an unknown value is refused', () => {
    const province = stateMachineDefinition(synthApp({ shardBy: 'district' }).checks);
    expect(province.States.PlanShards.Arguments.Payload).toEqual({ action: 'plan', by: 'district' });
    expect(() => synthApp({ shardBy: 'town' })).toThrow(/shardBy must be owner or district/);
  });

  it('GIVEN checkDay=31 THEN the build refuses it (some months would be skipped)', () => {
    expect(() => synthApp({ checkDay: 31 })).toThrow(/checkDay must be an integer from 1 to 28/);
  });

  it('THEN the machine resolves the period, plans, and ends with a Distributed Map whose shards also build their cases', () => {
    expect(asl.QueryLanguage).toBe('JSONata');
    expect(asl.StartAt).toBe('ResolvePeriod');
    expect(asl.States.ResolvePeriod.Next).toBe('PlanShards');
    expect(asl.States.PlanShards.Arguments.Payload).toEqual({ action: 'plan', by: 'owner' });
    expect(asl.States.PlanShards.Next).toBe('CheckShards');
    expect(asl.States.CheckShards.End).toBe(true);
    expect(Object.keys(asl.States).sort()).toEqual(['BatchCheckFailed', 'CheckShards', 'NotifyFailure', 'PlanShards', 'ResolvePeriod']);
  });

  it("THEN the Map is DISTRIBUTED over the plan's shards, bounded, with zero tolerated failures and results written to S3", () => {
    const map = asl.States.CheckShards;
    expect(map.Type).toBe('Map');
    expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(map.Items).toBe('{% $states.input.shards %}');
    expect(map.MaxConcurrency).toBe(4);
    expect(map.ToleratedFailurePercentage).toBe(0);
    expect(map.ResultWriter.Arguments.Prefix).toBe('reports/batch-check/');
  });

  it('THEN each child checks one shard with the resolved period and retries with exponential backoff and jitter', () => {
    const child = asl.States.CheckShards.ItemProcessor.States.CheckShard;
    expect(child.Arguments.Payload).toEqual({ action: 'check', shard: '{% $states.input.shard %}', period: '{% $states.input.period %}' });
    expect(child.Retry).toContainEqual(expect.objectContaining({ ErrorEquals: ['States.ALL'], BackoffRate: 2, JitterStrategy: 'FULL', MaxAttempts: 4 }));
    expect(asl.States.CheckShards.ItemSelector).toContain('$states.context.Map.Item.Value');
  });

  it('THEN a failed plan or Map publishes to the alarm topic and fails the execution', () => {
    for (const state of ['PlanShards', 'CheckShards']) expect(asl.States[state].Catch).toEqual([{ ErrorEquals: ['States.ALL'], Next: 'NotifyFailure' }]);
    expect(asl.States.NotifyFailure.Resource).toContain(':states:::sns:publish');
    expect(asl.States.NotifyFailure.Next).toBe('BatchCheckFailed');
    expect(asl.States.BatchCheckFailed.Type).toBe('Fail');
  });

  it('THEN the machine is traced and logs everything, and an alarm watches ExecutionsFailed', () => {
    checks.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'statsentry-prod-batch-check',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
    });
    checks.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsFailed',
      Threshold: 1,
      AlarmActions: [{ 'Fn::ImportValue': Match.stringLikeRegexp('Alerts') }],
    });
  });

  it('THEN the batch-check function is arm64 Node 22, sized for a whole-district load, with concurrency reserved to Map + plan', () => {
    checks.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 3008,
      Timeout: 900,
      ReservedConcurrentExecutions: 5,
      Environment: { Variables: Match.objectLike({ STATSENTRY_TARGET: 'aws', STATSENTRY_TABLE: Match.anyValue() }) },
    });
  });

  it('THEN the batch-check function may scan and write the table and write case files under cases/, never delete them', () => {
    const policy = Object.values(checks.findResources('AWS::IAM::Policy')).find((p) => (p.Properties.PolicyName as string).startsWith('BatchCheckServiceRole'))!;
    const statements = policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[];
    const actions = statements.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:PutItem']));
    expect(actions.filter((a) => a.startsWith('s3:')).sort()).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject']);
    expect(actions.filter((a) => a.includes('*') || /Delete/.test(a))).toEqual([]);
    const objects = statements.find((s) => Array.isArray(s.Action) && s.Action.includes('s3:PutObject'))!;
    expect(JSON.stringify(objects.Resource)).toContain('/cases/*');
    expect(JSON.stringify(objects.Resource)).toContain('CaseFilesBucketArn');
  });

  it('THEN case files go to the case-files bucket (its name taken from the imported ARN)', () => {
    checks.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ STATSENTRY_CASES_BUCKET: { 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::ImportValue': Match.stringLikeRegexp('CaseFilesBucketArn') }] }] } }) },
    });
  });
});
