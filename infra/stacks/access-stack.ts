import { Aws, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { AccountRootPrincipal, Effect, ManagedPolicy, PolicyDocument, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { TABLE_KEYS } from '../../lib/adapters/aws/table-schema';
import { acknowledge, nagFlatten } from '../nag';
import { ENFORCEMENT_ROUTES, routeInvokeArn } from './review-stack';
import { SELF_INSPECTION_PREFIX, SELF_INSPECTION_REPORTS_PREFIX } from './stateful-stack';

export interface AccessStackProps extends StackProps {
  stage: string;
  table: ITableV2;
  dataBucketArnExport: string;
  caseFilesBucketArnExport: string;
  /** Name of the batch-check state machine (a literal name, so that ARNs stay readable). */
  batchCheckName: string;
  /** Role names (the case-files bucket policy names the admin role). */
  roleNames: { admin: string; enforcement: string; reportingUnit: string };
  /** Export name of the review API's id (ReviewStack.apiIdExport): enforcement staff invoke its read and decide routes, admins all of it. */
  reviewApiIdExport?: string;
}

/** The session tag that carries a reporting unit's id (its USCC), set by the identity provider. */
export const UNIT_TAG = 'unit_id';
const UNIT = `\${aws:PrincipalTag/${UNIT_TAG}}`;
/** The same as cdk-nag prints it (`${…}` → `<…>`). */
const UNIT_NAG = `<aws:PrincipalTag/${UNIT_TAG}>`;

/**
 * The people's roles. Each trusts this account (federation or Identity Center maps people to
 * them); the policies hold the limits:
 * - enforcement staff read case files and the table's items, and decide through the review API (execute-api:Invoke on its read and decide routes);
 * - reporting units write only under `self-inspection/<own unit id>/` and read only
 *   `self-inspection-reports/<own unit id>/`, the unit id coming from the `unit_id` session tag;
 * - admins run the stage: data, case files (incl. the governance bypass), batch-check runs.
 */
export class AccessStack extends Stack {
  readonly enforcementRole: Role;
  readonly reportingUnitRole: Role;
  readonly adminRole: Role;

  constructor(scope: Construct, id: string, props: AccessStackProps) {
    super(scope, id, props);
    const dataArn = Fn.importValue(props.dataBucketArnExport);
    const casesArn = Fn.importValue(props.caseFilesBucketArnExport);
    const { tableArn } = props.table;
    const indexArns = [TABLE_KEYS.byGroup.name, TABLE_KEYS.byActor.name].map((name) => `${tableArn}/index/${name}`);
    const statesArn = `arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}`;
    const tableRead = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:DescribeTable'];

    // ---- enforcement staff ----------------------------------------------------------------------
    const enforcementPolicy = new ManagedPolicy(this, 'EnforcementPolicy', {
      description: 'Enforcement staff: read case files and the records/findings/cases table',
      document: new PolicyDocument({
        statements: [
          new PolicyStatement({ sid: 'ListCaseFiles', actions: ['s3:ListBucket'], resources: [casesArn] }),
          new PolicyStatement({ sid: 'ReadCaseFiles', actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [`${casesArn}/*`] }),
          new PolicyStatement({ sid: 'ReadTable', actions: tableRead, resources: [tableArn, ...indexArns] }),
        ],
      }),
    });
    acknowledge(
      enforcementPolicy,
      `AwsSolutions-IAM5[Resource::${props.caseFilesBucketArnExport}/*]`,
      'Enforcement staff review any case of the district: every object of the case-files bucket is in scope, read-only (versions are Object-Locked).',
    );
    // Decisions go through the review API (IAM-authorised): the page, reading and deciding — not the inspection draw.
    const reviewApi = props.reviewApiIdExport ? `arn:${Aws.PARTITION}:execute-api:${Aws.REGION}:${Aws.ACCOUNT_ID}:${Fn.importValue(props.reviewApiIdExport)}` : undefined;
    if (reviewApi) {
      const routes = ENFORCEMENT_ROUTES.map((route) => routeInvokeArn(reviewApi, route));
      enforcementPolicy.addStatements(new PolicyStatement({ sid: 'InvokeReviewApi', actions: ['execute-api:Invoke'], resources: routes }));
      for (const arn of new Set(routes.filter((r) => r.includes('*')))) {
        acknowledge(
          enforcementPolicy,
          `AwsSolutions-IAM5[Resource::${nagFlatten(this, arn)}]`,
          'One review-API route on any stage; the wildcards stand for the stage and the case, item or file named in the path, never for another route.',
        );
      }
    }
    this.enforcementRole = new Role(this, 'Enforcement', {
      roleName: props.roleNames.enforcement,
      description: 'statsentry enforcement staff (read cases; decisions go through the review API)',
      assumedBy: new AccountRootPrincipal(),
      managedPolicies: [enforcementPolicy],
    });

    // ---- reporting units ------------------------------------------------------------------------
    const unitPolicy = new ManagedPolicy(this, 'ReportingUnitPolicy', {
      description: 'Reporting units: own self-inspection uploads and own reports only, by the unit_id session tag',
      document: new PolicyDocument({
        statements: [
          new PolicyStatement({
            sid: 'UploadOwnSelfInspection',
            actions: ['s3:PutObject'],
            resources: [`${dataArn}/${SELF_INSPECTION_PREFIX}${UNIT}/*`],
          }),
          new PolicyStatement({
            sid: 'ReadOwnSelfInspectionReports',
            actions: ['s3:GetObject'],
            resources: [`${dataArn}/${SELF_INSPECTION_REPORTS_PREFIX}${UNIT}/*`],
          }),
          new PolicyStatement({
            sid: 'ListOwnPrefixes',
            actions: ['s3:ListBucket'],
            resources: [dataArn],
            conditions: { StringLike: { 's3:prefix': [`${SELF_INSPECTION_PREFIX}${UNIT}/*`, `${SELF_INSPECTION_REPORTS_PREFIX}${UNIT}/*`] } },
          }),
          // Without a unit tag, or with one that could climb into another unit's folder, nothing is allowed.
          new PolicyStatement({
            sid: 'DenyWithoutUnitTag',
            effect: Effect.DENY,
            actions: ['s3:*'],
            resources: ['*'],
            conditions: { Null: { [`aws:PrincipalTag/${UNIT_TAG}`]: 'true' } },
          }),
          new PolicyStatement({
            sid: 'DenyUnsafeUnitTag',
            effect: Effect.DENY,
            actions: ['s3:*'],
            resources: ['*'],
            conditions: { StringLike: { [`aws:PrincipalTag/${UNIT_TAG}`]: '*/*' } },
          }),
        ],
      }),
    });
    acknowledge(
      unitPolicy,
      `AwsSolutions-IAM5[Resource::${props.dataBucketArnExport}/${SELF_INSPECTION_PREFIX}${UNIT_NAG}/*]`,
      'A reporting unit may upload any file name, but only inside self-inspection/<its own unit_id session tag>/ of the data bucket.',
    );
    acknowledge(
      unitPolicy,
      `AwsSolutions-IAM5[Resource::${props.dataBucketArnExport}/${SELF_INSPECTION_REPORTS_PREFIX}${UNIT_NAG}/*]`,
      'A reporting unit reads the reports written for it, only inside self-inspection-reports/<its own unit_id session tag>/.',
    );
    this.reportingUnitRole = new Role(this, 'ReportingUnit', {
      roleName: props.roleNames.reportingUnit,
      description: 'statsentry reporting unit; the session must carry the unit_id tag',
      // Sessions must be tagged with the unit id (sts:TagSession), e.g. by the SAML/OIDC provider.
      assumedBy: new AccountRootPrincipal().withSessionTags().withConditions({ StringLike: { [`aws:RequestTag/${UNIT_TAG}`]: '?*' } }),
      managedPolicies: [unitPolicy],
    });

    // ---- admins ---------------------------------------------------------------------------------
    const adminPolicy = new ManagedPolicy(this, 'AdminPolicy', {
      description: 'statsentry admins: data, case files (including governance bypass), table, batch-check runs',
      document: new PolicyDocument({
        statements: [
          new PolicyStatement({
            sid: 'Buckets',
            actions: ['s3:ListBucket', 's3:ListBucketVersions', 's3:GetBucketObjectLockConfiguration'],
            resources: [dataArn, casesArn],
          }),
          new PolicyStatement({
            sid: 'Objects',
            actions: [
              's3:GetObject',
              's3:GetObjectVersion',
              's3:PutObject',
              's3:DeleteObject',
              's3:DeleteObjectVersion',
              's3:GetObjectRetention',
              's3:PutObjectRetention',
              's3:PutObjectLegalHold',
              's3:BypassGovernanceRetention',
            ],
            resources: [`${dataArn}/*`, `${casesArn}/*`],
          }),
          new PolicyStatement({
            sid: 'Table',
            actions: [...tableRead, 'dynamodb:Scan', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
            resources: [tableArn, ...indexArns],
          }),
          new PolicyStatement({ sid: 'StartBatchCheck', actions: ['states:StartExecution'], resources: [`${statesArn}:stateMachine:${props.batchCheckName}`] }),
          new PolicyStatement({
            sid: 'WatchBatchCheck',
            actions: ['states:DescribeExecution', 'states:StopExecution', 'states:GetExecutionHistory'],
            resources: [`${statesArn}:execution:${props.batchCheckName}:*`],
          }),
        ],
      }),
    });
    if (reviewApi) {
      adminPolicy.addStatements(new PolicyStatement({ sid: 'InvokeReviewApi', actions: ['execute-api:Invoke'], resources: [`${reviewApi}/*`] }));
      acknowledge(
        adminPolicy,
        `AwsSolutions-IAM5[Resource::${nagFlatten(this, `${reviewApi}/*`)}]`,
        'Admins may call every route of the review API, including the inspection draw (双随机抽查), which enforcement staff may not.',
      );
    }
    for (const [ref, what] of [
      [props.dataBucketArnExport, 'data bucket'],
      [props.caseFilesBucketArnExport, 'case-files bucket'],
    ] as const) {
      acknowledge(adminPolicy, `AwsSolutions-IAM5[Resource::${ref}/*]`, `Admins manage every object of the ${what} (corrections, retention, governance bypass); the role needs MFA to be assumed.`);
    }
    acknowledge(
      adminPolicy,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${props.batchCheckName}:*]`,
      'Admins watch and stop the executions of the batch-check state machine only; execution names are generated per run.',
    );
    this.adminRole = new Role(this, 'Admin', {
      roleName: props.roleNames.admin,
      description: 'statsentry admin (the only principal that may delete or unlock case files)',
      assumedBy: new AccountRootPrincipal().withConditions({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
      managedPolicies: [adminPolicy],
    });
  }
}
