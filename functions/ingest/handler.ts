import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { objectsInNotification } from '../../lib/use-cases/s3-notifications';
import { ingestUpload, type UploadDeps } from '../../lib/use-cases/ingest-upload';

/**
 * S3 ObjectCreated → SQS → here. Each SQS message is one notification; a message whose
 * objects fail is reported back so that SQS redelivers only it (ingest is idempotent).
 */
export function createHandler(deps: UploadDeps, logger = new Logger({ serviceName: 'statsentry-ingest' })) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const message of event.Records) {
      try {
        for (const object of objectsInNotification(message.body)) {
          const report = await ingestUpload(deps, object);
          if (!report) {
            logger.debug('skipped object outside ingest prefixes', { key: object.key });
            continue;
          }
          logger.info('ingested', {
            key: object.key,
            kind: report.kind,
            read: report.read,
            accepted: report.accepted,
            unchanged: report.unchanged,
            rejected: report.rejected,
            fileError: report.file_error?.reason_en,
            report: report.report_key,
          });
        }
      } catch (err) {
        logger.error('ingest failed; message returned to the queue', { messageId: message.messageId, error: err as Error });
        batchItemFailures.push({ itemIdentifier: message.messageId });
      }
    }
    return { batchItemFailures };
  };
}
