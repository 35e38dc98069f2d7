import { Duration } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';

/**
 * A statsentry Lambda: Node 22 on arm64 (nodejs20.x is being retired by AWS), bundled by the
 * locally installed esbuild as ESM targeting node20 so the same code runs on this machine.
 */
export class AppFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: NodejsFunctionProps & { entry: string }) {
    super(scope, id, {
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 1024,
      timeout: Duration.minutes(5),
      loggingFormat: LoggingFormat.JSON,
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
  }
}
