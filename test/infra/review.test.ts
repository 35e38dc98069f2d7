import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../lib/api/handle-api-request';
import { ENFORCEMENT_ROUTES, REVIEW_ROUTES } from '../../infra/stacks/review-stack';
import { REPO } from '../helpers/paths';
import { synthApp } from './synth';

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

describe('Review API stack', () => {
  const { built, access } = synthApp({ stage: 'prod' });
  const review = Template.fromStack(built.review);
  const managedPolicy = (prefix: string) =>
    Object.entries(access.findResources('AWS::IAM::ManagedPolicy')).find(([id]) => id.startsWith(prefix))![1].Properties.PolicyDocument.Statement as Statement[];
  const rolePolicy = (prefix: string) => Object.entries(review.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith(prefix))![1].Properties.PolicyDocument.Statement as Statement[];
  const invokeResources = (prefix: string) =>
    JSON.stringify(
      managedPolicy(prefix)
        .filter((s) => s.Action === 'execute-api:Invoke')
        .map((s) => s.Resource),
    );

  it('GIVEN the review stack THEN every API route and the page are routes of an HTTP API, each with AWS_IAM authorisation', () => {
    review.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    review.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'statsentry-prod-review', ProtocolType: 'HTTP' });
    const routes = Object.values(review.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties as { RouteKey: string; AuthorizationType?: string });
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(REVIEW_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    expect(routes.filter((r) => r.AuthorizationType !== 'AWS_IAM')).toEqual([]);
    expect(routes.map((r) => r.RouteKey)).toEqual(
      expect.arrayContaining([
        'GET /',
        'GET /api/cases',
        'GET /api/cases/{id}',
        'GET /api/cases/{id}/files/{name}',
        'POST /api/cases/{id}/transitions',
        'POST /api/cases/{id}/items/{item}/close',
        'POST /api/inspections/draws',
      ]),
    );
    expect(REVIEW_ROUTES.length).toBe(API_ROUTES.length + 2);
  });

  it('THEN the draw route goes to a function of its own and every other route to the review function', () => {
    const targets = Object.fromEntries(Object.values(review.findResources('AWS::ApiGatewayV2::Route')).map((r) => [r.Properties.RouteKey as string, JSON.stringify(r.Properties.Target)]));
    for (const [key, target] of Object.entries(targets)) expect(target, key).toContain(key === 'POST /api/inspections/draws' ? 'DrawIntegration' : 'ReviewIntegration');
    review.resourceCountIs('AWS::Lambda::Function', 2);
  });

  it('THEN the $default stage auto-deploys, throttles and writes JSON access logs naming the IAM caller', () => {
    review.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      RouteSettings: { 'POST /api/inspections/draws': { ThrottlingRateLimit: 1, ThrottlingBurstLimit: 2 } },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReviewApiAccessLogs'), 'Arn'] }, Format: Match.stringLikeRegexp('\\$context\\.identity\\.userArn') },
    });
    review.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  it('THEN both functions run Node 22 on arm64 with the case-files bucket and table in their environment', () => {
    for (const memory of [512, 1024])
      review.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: memory,
        Timeout: 29,
        LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
        Environment: {
          Variables: Match.objectLike({
            STATSENTRY_TARGET: 'aws',
            STATSENTRY_TABLE: Match.anyValue(),
            STATSENTRY_CASES_BUCKET: { 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::ImportValue': 'statsentry-prod-stateful-CaseFilesBucketArn' }] }] },
            POWERTOOLS_SERVICE_NAME: 'statsentry-review-api',
          }),
        },
      });
  });

  it('THEN the function may read and put case items only (leading key CASE#), list cases on gsi1 and read case files — nothing else', () => {
    const statements = rolePolicy('ReviewApiFunctionServiceRoleDefaultPolicy');
    const caseItems = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] } };
    expect(statements.map((s) => [s.Sid, s.Action])).toEqual([
      ['ReadCases', ['dynamodb:GetItem', 'dynamodb:Query']],
      ['ListCases', 'dynamodb:Query'],
      ['CommitCases', 'dynamodb:PutItem'],
      ['ReadCaseFiles', 's3:GetObject'],
    ]);
    expect(statements.find((s) => s.Sid === 'ReadCases')!.Condition).toEqual(caseItems);
    expect(statements.find((s) => s.Sid === 'CommitCases')!.Condition).toEqual(caseItems);
    expect(JSON.stringify(statements.find((s) => s.Sid === 'ListCases')!.Resource)).toContain('/index/gsi1');
    expect(statements.find((s) => s.Sid === 'ReadCaseFiles')!.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::ImportValue': 'statsentry-prod-stateful-CaseFilesBucketArn' }, '/cases/*']] });
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => /Delete|Update|Scan|Batch|\*/.test(a))).toEqual([]);
  });

  it('THEN the draw function may scan the register, list findings, put and get DRAW# items and publish under inspections/draws/ only', () => {
    const statements = rolePolicy('DrawFunctionServiceRoleDefaultPolicy');
    expect(statements.map((s) => [s.Sid, s.Action])).toEqual([
      ['ScanRegister', 'dynamodb:Scan'],
      ['ListFindings', 'dynamodb:Query'],
      ['StoreDraws', ['dynamodb:GetItem', 'dynamodb:PutItem']],
      ['PublishDraws', ['s3:GetObject', 's3:PutObject']],
      ['ListDataBucket', 's3:ListBucket'],
    ]);
    expect(statements.find((s) => s.Sid === 'StoreDraws')!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DRAW#*'] } });
    expect(JSON.stringify(statements.find((s) => s.Sid === 'PublishDraws')!.Resource)).toContain('/inspections/draws/*');
    expect(JSON.stringify(statements)).not.toContain('CaseFilesBucketArn');
    expect(statements.flatMap((s) => [s.Action].flat()).filter((a) => /Delete|Update|Batch|\*/.test(a))).toEqual([]);
  });

  it('GIVEN the access stack THEN enforcement staff may invoke the page, read and decide routes but not the draw; admins all; reporting units nothing', () => {
    const enforcement = invokeResources('EnforcementPolicy');
    expect(ENFORCEMENT_ROUTES.length).toBe(REVIEW_ROUTES.length - 1);
    for (const suffix of ['/*/GET/', '/*/GET/assets/*', '/*/GET/api/cases', '/*/GET/api/cases/*', '/*/GET/api/cases/*/files/*', '/*/POST/api/cases/*/transitions', '/*/POST/api/cases/*/items/*/close'])
      expect(enforcement).toContain(`"${suffix}"`);
    expect(enforcement).not.toContain('inspections');
    expect(enforcement).toContain('statsentry-prod-review-ReviewApiId');
    expect(invokeResources('AdminPolicy')).toContain('"/*"');
    expect(invokeResources('ReportingUnitPolicy')).toBe('[]');
    expect(JSON.stringify(managedPolicy('ReportingUnitPolicy'))).not.toContain('execute-api');
  });

  it('THEN the access stack deploys after the review stack whose API id it imports', () => {
    expect(built.access.dependencies.map((s) => s.stackName)).toContain('statsentry-prod-review');
    expect(built.review.dependencies.map((s) => s.stackName)).toContain('statsentry-prod-stateful');
  });

  it('GIVEN the bundling hook THEN infra/write-web-assets.ts writes the compiled page the function serves', () => {
    const out = mkdtempSync(join(tmpdir(), 'statsentry-web-'));
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'infra/write-web-assets.ts'), join(out, 'web')], { cwd: REPO, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      for (const name of ['index.html', 'app.js', 'style.css']) expect(existsSync(join(out, 'web', name)), name).toBe(true);
      expect(readFileSync(join(out, 'web', 'app.js'), 'utf8')).toContain('/api/meta');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 30_000);
});
