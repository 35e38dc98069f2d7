import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/build-app';

/** A private cloud-assembly folder per test app (CDK leaves cdk.out* folders behind). */
export function outdir(): string {
  return mkdtempSync(join(tmpdir(), 'statsentry-cdk-'));
}

/** Builds the app for a stage without bundling (esbuild would run for every function). */
export function synthApp(context: Record<string, unknown> = {}, nag = false) {
  const app = new App({ outdir: outdir(), context: { stage: 'dev', 'aws:cdk:bundling-stacks': [], ...context } });
  const built = buildApp(app, { nag });
  return {
    app,
    built,
    stateful: Template.fromStack(built.stateful),
    ingest: Template.fromStack(built.ingest),
    checks: Template.fromStack(built.checks),
    access: Template.fromStack(built.access),
  };
}

/** The Amazon States Language of the only state machine in a template, tokens replaced by a marker. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an ASL document is untyped JSON read by assertions
export function stateMachineDefinition(template: Template): Record<string, any> {
  const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  if (machines.length !== 1) throw new Error(`expected one state machine, found ${machines.length}`);
  const definition = machines[0]!.Properties.DefinitionString as string | { 'Fn::Join': [string, unknown[]] };
  const text = typeof definition === 'string' ? definition : definition['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'TOKEN')).join('');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return JSON.parse(text) as Record<string, any>;
}
