import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { encodeNotificationKey } from '../../use-cases/s3-notifications';
import type { LocalStack } from './local-stack';

interface S3rverRecord {
  eventName?: string;
  s3?: { bucket?: { name?: string }; object?: { key?: string; size?: number } };
}

/**
 * Wraps s3rver's notifications as the SQS messages AWS would deliver, so the local stack
 * exercises the same handler: keys encoded as AWS encodes them, one message per event.
 */
export function toSqsEvent(s3rverEvent: { Records: unknown[] }): SQSEvent {
  const records = (s3rverEvent.Records as S3rverRecord[]).map((r) => ({
    ...r,
    eventName: r.eventName?.replace(/^ObjectCreated:Post$/, 'ObjectCreated:CompleteMultipartUpload'),
    s3: { ...r.s3, object: { ...r.s3?.object, key: encodeNotificationKey(r.s3?.object?.key ?? '') } },
  }));
  const message: SQSRecord = {
    messageId: randomUUID(),
    receiptHandle: 'local',
    body: JSON.stringify({ Records: records }),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'local', ApproximateFirstReceiveTimestamp: String(Date.now()) },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:statsentry-ingest',
    awsRegion: 'local',
  };
  return { Records: [message] };
}

/** Delivers every local upload to `handle`; returns a promise that settles when all delivered so far are done. */
export function bridgeS3Events(stack: LocalStack, handle: (event: SQSEvent) => Promise<unknown>): { idle(): Promise<void> } {
  const pending = new Set<Promise<unknown>>();
  stack.onS3Event((event) => {
    const p = handle(toSqsEvent(event)).finally(() => pending.delete(p));
    pending.add(p);
  });
  return {
    async idle() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
  };
}
