import { App, Stack } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app';
import { outdir } from './synth';

function nagApp(stage: string) {
  return new App({ outdir: outdir(), context: { stage, 'aws:cdk:bundling-stacks': [] } });
}

describe('cdk-nag AwsSolutions', () => {
  for (const stage of ['dev', 'prod']) {
    it(`GIVEN the ${stage} stage with the checks registered THEN synthesis passes and no finding is left unacknowledged`, () => {
      const app = nagApp(stage);
      buildApp(app);
      expect(() => app.synth()).not.toThrow();
      // The same pack run directly over the synthesised tree, to show what (if anything) is left.
      const report = new AwsSolutionsChecks().validateScope(app);
      expect(report.violations.map((v) => `${v.ruleName} @ ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
      expect(report.success).toBe(true);
    });
  }

  it('GIVEN an explicit account and region (as the CLI sets them) THEN the acknowledgements still match every finding', () => {
    const saved = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
    process.env.CDK_DEFAULT_ACCOUNT = '123456789012';
    process.env.CDK_DEFAULT_REGION = 'cn-north-1';
    try {
      const app = nagApp('prod');
      buildApp(app);
      expect(() => app.synth()).not.toThrow();
      expect(new AwsSolutionsChecks().validateScope(app).violations.map((v) => v.ruleName)).toEqual([]);
    } finally {
      for (const [key, value] of [
        ['CDK_DEFAULT_ACCOUNT', saved.account],
        ['CDK_DEFAULT_REGION', saved.region],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it('GIVEN an unacknowledged non-compliant resource in the app THEN synthesis fails (the checks are really on)', () => {
    const app = nagApp('dev');
    buildApp(app);
    new Bucket(new Stack(app, 'Careless'), 'Open', { enforceSSL: false });
    expect(() => app.synth()).toThrow(/server access logs/);
    const rules = new AwsSolutionsChecks().validateScope(app).violations.map((v) => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });
});
