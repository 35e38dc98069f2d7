import { isRecordKind } from '../domain/kinds';

/** An object that arrived, as named in an S3 event notification. */
export interface ArrivedObject {
  bucket: string;
  key: string;
  size?: number;
}

interface S3NotificationRecord {
  eventName?: string;
  s3?: { bucket?: { name?: string }; object?: { key?: string; size?: number } };
}

/**
 * The objects an S3 notification (as delivered in an SQS message body) announces. Keys
 * arrive URL-encoded with `+` for spaces; `s3:TestEvent` and non-create events carry none.
 */
export function objectsInNotification(body: string): ArrivedObject[] {
  const parsed = JSON.parse(body) as { Event?: string; Records?: S3NotificationRecord[] };
  if (parsed.Event === 's3:TestEvent' || !Array.isArray(parsed.Records)) return [];
  const objects: ArrivedObject[] = [];
  for (const r of parsed.Records) {
    if (!r.eventName?.startsWith('ObjectCreated') || !r.s3?.bucket?.name || !r.s3.object?.key) continue;
    objects.push({ bucket: r.s3.bucket.name, key: decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')), size: r.s3.object.size });
  }
  return objects;
}

/** Uploads for ingest sit under `<kind>/…` (or `incoming/<kind>/…`); reports, raw copies and cases do not. */
export function isIngestUpload(key: string): boolean {
  const segments = key.split('/');
  if (segments[0] === 'incoming') segments.shift();
  return segments.length >= 2 && isRecordKind(segments[0]!) && segments[segments.length - 1] !== '';
}

/** Encodes a key as AWS does in notifications, for local servers that send it raw. */
export function encodeNotificationKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
}
