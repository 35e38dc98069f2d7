import type { BlobStore } from '../ports/blob-store';
import { MAX_UPLOAD_BYTES, parseUploadKey, tooLarge } from '../self-inspection/upload-key';
import type { ArrivedObject } from './s3-notifications';
import { selfInspectFile, writeRefusal, type SelfInspectDeps, type SelfInspectionResult } from './self-inspect';

export interface SelfInspectUploadDeps extends SelfInspectDeps {
  /** Reads the upload from the bucket the notification names. */
  blobsFor(bucket: string): BlobStore;
}

export type UploadOutcome =
  | { status: 'skipped' }
  /** Refused before reading, with no unit to report to (the key names no valid unit). */
  | { status: 'refused'; reason_en: string }
  | { status: 'reported'; result: SelfInspectionResult };

/**
 * One object that arrived under `self-inspection/`. The key is checked before anything is
 * read: a key naming no valid unit is dropped (there is nobody to report to); a hostile file
 * name or a file over the size limit gets a refusal report in the unit's own report folder,
 * without the body being read.
 */
export async function selfInspectUpload(deps: SelfInspectUploadDeps, object: ArrivedObject): Promise<UploadOutcome> {
  const parsed = parseUploadKey(object.key, deps.usccAllowList);
  if (parsed.status === 'skip') return { status: 'skipped' };
  if (parsed.status === 'refused') {
    if (!parsed.unitId) return { status: 'refused', reason_en: parsed.reason.en };
    return { status: 'reported', result: await writeRefusal(deps, { unitId: parsed.unitId, key: object.key, fileName: null, bytes: object.size ?? 0, reason: parsed.reason }) };
  }
  if (object.size !== undefined && object.size > MAX_UPLOAD_BYTES) {
    return { status: 'reported', result: await writeRefusal(deps, { unitId: parsed.unitId, key: object.key, fileName: parsed.fileName, bytes: object.size, reason: tooLarge(object.size) }) };
  }
  const body = await deps.blobsFor(object.bucket).get(object.key);
  // Deleted between notification and delivery: nothing to inspect, nothing to retry.
  if (body === undefined) return { status: 'skipped' };
  return { status: 'reported', result: await selfInspectFile(deps, { unitId: parsed.unitId, fileName: parsed.fileName, body, key: object.key }) };
}
