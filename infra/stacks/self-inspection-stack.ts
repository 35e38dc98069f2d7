import { Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { LEDGER_PK_PREFIX } from '../../lib/self-inspection/ledger';
import { TABLE_KEYS } from '../../lib/adapters/aws/table-schema';
import { AppFunction } from '../constructs/app-function';
import { acknowledgeObjectPrefixes } from '../nag';
import { SELF_INSPECTION_PREFIX, SELF_INSPECTION_REPORTS_PREFIX } from './stateful-stack';

export interface SelfInspectionStackProps extends StackProps {
  table: ITableV2;
  /** Export names of the data bucket's ARN and name (StatefulStack.dataBucketArnExport / dataBucketNameExport). */
  dataBucketArnExport: string;
  dataBucketNameExport: string;
  /** `self-inspection/` uploads (S3 ObjectCreated → this queue, set up by the stateful stack). */
  queue: IQueue;
  districtCode?: string;
}

/**
 * The self-inspection function on its upload queue: reads a unit's upload, checks it against
 * that unit's official records and its peers' anonymised statistics, writes the report under
 * `self-inspection-reports/` and the unit's rectification ledger items. Its role cannot write
 * official records: the only table write it holds is PutItem on `SELFINSP#…` partitions
 * (dynamodb:LeadingKeys), and it has no access to findings-, case- or raw-file prefixes.
 * The dead-letter and backlog alarms of its queue live in the stateful stack.
 */
export class SelfInspectionStack extends Stack {
  readonly selfInspectionFunction: AppFunction;

  constructor(scope: Construct, id: string, props: SelfInspectionStackProps) {
    super(scope, id, props);
    const bucketArn = Fn.importValue(props.dataBucketArnExport);
    const { tableArn } = props.table;

    this.selfInspectionFunction = new AppFunction(this, 'SelfInspection', {
      entry: fileURLToPath(new URL('../../functions/self-inspection/index.ts', import.meta.url)),
      description: "Checks a reporting unit's self-inspection upload; writes its report and ledger items, never official records",
      // Peer statistics load the district once per container (see StorePeerStats): memory for that.
      memorySize: 1536,
      environment: {
        STATSENTRY_TABLE: props.table.tableName,
        STATSENTRY_BUCKET: Fn.importValue(props.dataBucketNameExport),
        ...(props.districtCode ? { STATSENTRY_DISTRICT_CODE: props.districtCode } : {}),
      },
      // A few at a time: each new container scans the table once for the peer statistics.
      reservedConcurrentExecutions: 4,
    });

    // Read: the unit's partition and register events (Query, incl. gsi2), a town's units (gsi1), the
    // district for peer statistics (Scan of the base table), ledger items (GetItem, Query).
    this.selfInspectionFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'],
        resources: [tableArn, ...[TABLE_KEYS.byGroup.name, TABLE_KEYS.byActor.name].map((name) => `${tableArn}/index/${name}`)],
      }),
    );
    // Write: ledger items only. Every key written must start with SELFINSP#, so no official
    // record, finding or case item can be created or overwritten by this function.
    this.selfInspectionFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${LEDGER_PK_PREFIX}*`] } },
      }),
    );
    this.selfInspectionFunction.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucketArn] }));
    this.selfInspectionFunction.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [`${bucketArn}/${SELF_INSPECTION_PREFIX}*`] }));
    this.selfInspectionFunction.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [`${bucketArn}/${SELF_INSPECTION_REPORTS_PREFIX}*`] }));
    const policy = this.selfInspectionFunction.role!.node.findChild('DefaultPolicy');
    acknowledgeObjectPrefixes(
      policy,
      props.dataBucketArnExport,
      [SELF_INSPECTION_PREFIX],
      "Self-inspection reads whichever unit's upload S3 notified; the unit id in the key is checked in code against every row, and the prefix is the narrowest scope that covers all units.",
    );
    acknowledgeObjectPrefixes(
      policy,
      props.dataBucketArnExport,
      [SELF_INSPECTION_REPORTS_PREFIX],
      "Self-inspection writes each unit's report under self-inspection-reports/<that unit's id>/, keys built from a validated credit code; units read only their own folder (access stack).",
    );

    this.selfInspectionFunction.addEventSource(new SqsEventSource(props.queue, { batchSize: 1, reportBatchItemFailures: true }));
  }
}
