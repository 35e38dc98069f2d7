import { Aws, CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CfnStage, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { TABLE_KEYS } from '../../lib/adapters/aws/table-schema';
import { API_ROUTES } from '../../lib/api/handle-api-request';
import { DRAW_PREFIX } from '../../lib/inspection/publication';
import { AppFunction } from '../constructs/app-function';
import { acknowledge, nagFlatten } from '../nag';

export interface ReviewStackProps extends StackProps {
  stage: string;
  table: ITableV2;
  /** Export name of the data bucket's name (StatefulStack.dataBucketNameExport). */
  dataBucketNameExport: string;
  /** Export name of the case-files bucket's ARN (StatefulStack.caseFilesBucketArnExport). */
  caseFilesBucketArnExport: string;
}

export interface ReviewRoute {
  method: 'GET' | 'POST';
  /** API Gateway syntax: `{name}` is one path segment. */
  path: string;
}

/** The page's files, served by the same function (lib/api/web-assets.ts: `/` and `/assets/<file>`). */
const PAGE_ROUTES: readonly ReviewRoute[] = [
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/assets/{file}' },
];

/** Every route API Gateway forwards: the page, then the API's own list (so the two cannot drift apart). */
export const REVIEW_ROUTES: readonly ReviewRoute[] = [...PAGE_ROUTES, ...API_ROUTES.map((r) => ({ method: r.method, path: r.path.replace(/:(\w+)/g, '{$1}') }))];

/** The inspection draw (双随机): served by a function of its own, whose role may read the register. */
export const DRAW_ROUTE: ReviewRoute = { method: 'POST', path: '/api/inspections/draws' };
const isDrawRoute = (r: ReviewRoute) => r.method === DRAW_ROUTE.method && r.path === DRAW_ROUTE.path;

/** What enforcement staff may call: the page, reading cases and their files, deciding and closing items — not the inspection draw. */
export const ENFORCEMENT_ROUTES: readonly ReviewRoute[] = REVIEW_ROUTES.filter((r) => !isDrawRoute(r));

/** The `execute-api:Invoke` resource of a route on any stage: api ARN, then any stage, the method, and the path with each parameter as a wildcard. */
export function routeInvokeArn(apiArn: string, route: ReviewRoute): string {
  return `${apiArn}/*/${route.method}${route.path.replace(/\{[^}]+\}/g, '*')}`;
}

/** Per-route API Gateway throttling: enough for a team of reviewers, not for a script hammering the table. */
export const REVIEW_THROTTLE = { rateLimit: 20, burstLimit: 40 } as const;
/** A draw scans the table for the register: one a second at most. */
export const DRAW_THROTTLE = { rateLimit: 1, burstLimit: 2 } as const;

/**
 * The review API and page: API Gateway HTTP API with IAM authorisation on every route →
 * the review-api Lambda, which also serves the page (compiled into its bundle), so no
 * CloudFront or website bucket is needed and page and API share one origin and one
 * authorisation. Callers sign requests with SigV4 (the enforcement role may invoke it).
 */
export class ReviewStack extends Stack {
  readonly reviewFunction: AppFunction;
  readonly drawFunction: AppFunction;
  readonly api: HttpApi;
  /** Export name of the API id, imported by the access stack for `execute-api:Invoke`. */
  readonly apiIdExport: string;

  constructor(scope: Construct, id: string, props: ReviewStackProps) {
    super(scope, id, props);
    const caseFilesArn = Fn.importValue(props.caseFilesBucketArnExport);
    // arn:aws:s3:::<name> — the sixth ':'-separated field is the bucket name.
    const caseFilesName = Fn.select(5, Fn.split(':', caseFilesArn));
    const dataBucketName = Fn.importValue(props.dataBucketNameExport);
    const dataBucketArn = `arn:${Aws.PARTITION}:s3:::${dataBucketName}`;
    const webBuilder = fileURLToPath(new URL('../write-web-assets.ts', import.meta.url));
    const tsx = import.meta.resolve('tsx');

    // Both functions run the same bundle (functions/review-api); they differ in role and routes.
    const reviewApiFunction = (id: string, description: string, memorySize: number) =>
      new AppFunction(this, id, {
        entry: fileURLToPath(new URL('../../functions/review-api/index.ts', import.meta.url)),
        description,
        memorySize,
        // API Gateway gives up on an integration after 30 s.
        timeout: Duration.seconds(29),
        environment: {
          STATSENTRY_TABLE: props.table.tableName,
          STATSENTRY_BUCKET: dataBucketName,
          STATSENTRY_CASES_BUCKET: caseFilesName,
          POWERTOOLS_SERVICE_NAME: 'statsentry-review-api',
        },
        bundling: {
          // The page (web/) is compiled by the same build as `statsentry serve` and put beside
          // index.mjs as web/, where functions/review-api/index.ts reads it at start-up.
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            afterBundling: (_inputDir: string, outputDir: string) => [`"${process.execPath}" --import "${tsx}" "${webBuilder}" "${outputDir}/web"`],
          },
        },
      });
    this.reviewFunction = reviewApiFunction('ReviewApiFunction', 'Review API (case queue, case, files, decisions, rectification items) and the review page', 512);
    this.drawFunction = reviewApiFunction('DrawFunction', 'Review API: the double-random inspection draw (POST /api/inspections/draws)', 1024);

    // Cases only: read a case, its audit trail and the case listing (gsi1 CASES); write a case
    // and its audit entries with conditional PutItem. The leading-key condition keeps the
    // function off every other item of the table (records, findings). No update, no delete.
    const table = props.table.tableArn;
    const caseItems = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] } };
    this.reviewFunction.addToRolePolicy(new PolicyStatement({ sid: 'ReadCases', actions: ['dynamodb:GetItem', 'dynamodb:Query'], resources: [table], conditions: caseItems }));
    this.reviewFunction.addToRolePolicy(new PolicyStatement({ sid: 'ListCases', actions: ['dynamodb:Query'], resources: [`${table}/index/${TABLE_KEYS.byGroup.name}`] }));
    this.reviewFunction.addToRolePolicy(new PolicyStatement({ sid: 'CommitCases', actions: ['dynamodb:PutItem'], resources: [table], conditions: caseItems }));
    // Case files are only read, verified against their manifest and served.
    this.reviewFunction.addToRolePolicy(new PolicyStatement({ sid: 'ReadCaseFiles', actions: ['s3:GetObject'], resources: [`${caseFilesArn}/cases/*`] }));
    acknowledge(
      this.reviewFunction.role!.node.findChild('DefaultPolicy'),
      `AwsSolutions-IAM5[Resource::${props.caseFilesBucketArnExport}/cases/*]`,
      'Case files are keyed cases/<case id>/v<n>/<file>; the review API serves any case a reviewer opens, read-only (no put, no delete).',
    );

    // The draw reads the register (units) with a filtered Scan and the findings on gsi1 for the
    // risk weights, stores the draw once (DRAW# items) and publishes it under inspections/draws/.
    this.drawFunction.addToRolePolicy(new PolicyStatement({ sid: 'ScanRegister', actions: ['dynamodb:Scan'], resources: [table] }));
    this.drawFunction.addToRolePolicy(new PolicyStatement({ sid: 'ListFindings', actions: ['dynamodb:Query'], resources: [`${table}/index/${TABLE_KEYS.byGroup.name}`] }));
    this.drawFunction.addToRolePolicy(
      new PolicyStatement({
        sid: 'StoreDraws',
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        resources: [table],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DRAW#*'] } },
      }),
    );
    const published = `${dataBucketArn}/${DRAW_PREFIX}*`;
    this.drawFunction.addToRolePolicy(new PolicyStatement({ sid: 'PublishDraws', actions: ['s3:GetObject', 's3:PutObject'], resources: [published] }));
    // So that a draw not yet published reads as 404, not 403.
    this.drawFunction.addToRolePolicy(new PolicyStatement({ sid: 'ListDataBucket', actions: ['s3:ListBucket'], resources: [dataBucketArn] }));
    acknowledge(
      this.drawFunction.role!.node.findChild('DefaultPolicy'),
      `AwsSolutions-IAM5[Resource::${nagFlatten(this, published)}]`,
      'Published draws are keyed inspections/draws/<draw id>.json, the id made per draw; read (to find an earlier publication) and put only, no delete.',
    );

    // ---- HTTP API ---------------------------------------------------------------------------
    this.api = new HttpApi(this, 'ReviewHttpApi', {
      apiName: `statsentry-${props.stage}-review`,
      description: 'statsentry review API and page (IAM-authorised)',
      defaultAuthorizer: new HttpIamAuthorizer(),
      createDefaultStage: false,
    });
    const integration = new HttpLambdaIntegration('ReviewIntegration', this.reviewFunction);
    const drawIntegration = new HttpLambdaIntegration('DrawIntegration', this.drawFunction);
    for (const route of REVIEW_ROUTES) this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration: isDrawRoute(route) ? drawIntegration : integration });

    const accessLogs = new LogGroup(this, 'ReviewApiAccessLogs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: REVIEW_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // Who (the signed IAM identity), what, and the outcome of every call.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            caller: '$context.identity.caller',
            userArn: '$context.identity.userArn',
            route: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            bytes: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    // RouteSettings is a plain JSON map in CloudFormation: its keys are written as CloudFormation spells them.
    (stage.node.defaultChild as CfnStage).routeSettings = {
      [`${DRAW_ROUTE.method} ${DRAW_ROUTE.path}`]: { ThrottlingRateLimit: DRAW_THROTTLE.rateLimit, ThrottlingBurstLimit: DRAW_THROTTLE.burstLimit },
    };

    this.apiIdExport = `${this.stackName}-ReviewApiId`;
    this.exportValue(this.api.apiId, { name: this.apiIdExport });
    new CfnOutput(this, 'ReviewApiUrl', { value: this.api.apiEndpoint, description: 'Review page and API (requests must be SigV4-signed by a role allowed execute-api:Invoke)' });
  }
}
