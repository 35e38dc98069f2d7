import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledge } from '../nag';

/**
 * A statsentry Lambda: Node 22 on arm64 (nodejs20.x is being retired by AWS), bundled by the
 * locally installed esbuild as ESM targeting node20 so the same code runs on this machine.
 * Logs go, as JSON (Powertools logger), to a log group of its own kept for a year.
 */
export class AppFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: NodejsFunctionProps & { entry: string }) {
    super(scope, id, {
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 1024,
      timeout: Duration.minutes(5),
      loggingFormat: LoggingFormat.JSON,
      logGroup: props.logGroup ?? new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN }),
      ...props,
      environment: { STATSENTRY_TARGET: 'aws', POWERTOOLS_SERVICE_NAME: 'statsentry', ...props.environment },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node20',
        minify: true,
        sourceMap: true,
        externalModules: ['@aws-sdk/*'],
        // exceljs is CommonJS and calls require(); ESM bundles need a require of their own.
        banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        ...props.bundling,
      },
    });
    acknowledge(
      this,
      'AwsSolutions-L1',
      `${id} runs nodejs22.x on purpose: the code is built and tested for a node20 target on the developers' machines, and 22 is the nearest supported Lambda runtime; moving to 24 is a deliberate upgrade, not a default.`,
    );
    acknowledge(
      this,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      `${id}'s execution role uses AWSLambdaBasicExecutionRole only to write its own CloudWatch log streams; its data access is granted statement by statement beside the function.`,
    );
  }
}
