import type { BlobStore } from '../ports/blob-store';
import type { FileReport } from './ingest-report';
import { ingestFile, type IngestDeps } from './ingest';
import { isIngestUpload, type ArrivedObject } from './s3-notifications';

export interface UploadDeps extends IngestDeps {
  /** Reads from the bucket the notification names (the upload bucket may differ from the data bucket). */
  blobsFor(bucket: string): BlobStore;
}

/** Ingests one uploaded object; objects outside the ingest prefixes are skipped (null). */
export async function ingestUpload(deps: UploadDeps, object: ArrivedObject): Promise<FileReport | null> {
  if (!isIngestUpload(object.key)) return null;
  const body = await deps.blobsFor(object.bucket).get(object.key);
  // Deleted between notification and delivery: nothing to ingest, nothing to retry.
  if (body === undefined) return null;
  return ingestFile(deps, { name: object.key, body });
}
