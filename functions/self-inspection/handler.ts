import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { objectsInNotification } from '../../lib/use-cases/s3-notifications';
import { selfInspectUpload, type SelfInspectUploadDeps } from '../../lib/use-cases/self-inspect-upload';

/**
 * S3 ObjectCreated under `self-inspection/` → SQS → here. A refused upload is not a failure (its
 * refusal report is the answer); a message whose processing throws is returned to the queue
 * alone (partial batch response), and a rerun writes the same report and ledger state.
 */
export function createHandler(deps: SelfInspectUploadDeps, logger = new Logger({ serviceName: 'statsentry-self-inspection' })) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const message of event.Records) {
      try {
        for (const object of objectsInNotification(message.body)) {
          const outcome = await selfInspectUpload(deps, object);
          if (outcome.status === 'skipped') logger.debug('skipped object', { key: object.key });
          else if (outcome.status === 'refused') logger.warn('refused upload naming no valid unit', { key: object.key, reason: outcome.reason_en });
          else {
            const r = outcome.result.report;
            logger.info('self-inspected', {
              unit: r.unit_id,
              key: object.key,
              high: r.counts.high,
              medium: r.counts.medium,
              low: r.counts.low,
              rejected: r.rows.rejected,
              fileError: r.file_error?.reason_en,
              report: outcome.result.keys.json,
            });
          }
        }
      } catch (err) {
        logger.error('self-inspection failed; message returned to the queue', { messageId: message.messageId, error: err as Error });
        batchItemFailures.push({ itemIdentifier: message.messageId });
      }
    }
    return { batchItemFailures };
  };
}
