import { CASE_FILE_NAMES, CONTENT_TYPES, sha256Hex, type CaseFileName, type CaseManifest } from '../cases/case-files';
import { CaseError, type CaseRecord } from '../cases/model';
import type { BlobStore } from '../ports/blob-store';
import type { CaseStore } from '../ports/case-store';

/** What can be read of a case version: its content files and the manifest that vouches for them. */
export const READABLE_CASE_FILES = [...CASE_FILE_NAMES, 'manifest.json'] as const;
export type ReadableCaseFile = (typeof READABLE_CASE_FILES)[number];

/** A stored case file whose bytes are not the ones its manifest names: evidence must not be served. */
export class CaseFileIntegrityError extends CaseError {
  constructor(readonly file: string) {
    super('conflict', `案卷文件 ${file} 与清单校验值不符`, `case file ${file} does not match its manifest SHA-256`);
  }
}

export interface CaseFileRead {
  name: ReadableCaseFile;
  body: Uint8Array;
  contentType: string;
  sha256: string;
}

export interface LatestCaseFiles {
  case: CaseRecord;
  version: number;
  manifest: CaseManifest;
  manifestBody: Uint8Array;
  files: CaseFileRead[];
}

/**
 * Reads files of a case's latest version and checks each against the SHA-256 in its
 * manifest (the manifest itself is the root of that check and is returned as stored).
 * Throws CaseError `not_found` for an unknown case or a missing object, and
 * CaseFileIntegrityError when a file's bytes differ from its manifest entry.
 */
export async function readLatestCaseFiles(deps: { cases: CaseStore; blobs: BlobStore }, caseId: string, names: readonly ReadableCaseFile[] = CASE_FILE_NAMES): Promise<LatestCaseFiles> {
  const c = await deps.cases.get(caseId);
  if (!c) throw new CaseError('not_found', `没有案件 ${caseId}`, `no case ${caseId}`);
  const last = c.files.at(-1);
  if (!last) throw new CaseError('not_found', `案件 ${caseId} 没有案卷文件`, `case ${caseId} has no files`);
  const manifestBody = await deps.blobs.get(last.manifest);
  if (!manifestBody) throw new CaseError('not_found', `案卷清单缺失 ${last.manifest}`, `manifest missing: ${last.manifest}`);
  let manifest: CaseManifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(manifestBody)) as CaseManifest;
  } catch {
    throw new CaseFileIntegrityError('manifest.json');
  }
  const files: CaseFileRead[] = [];
  for (const name of names) {
    if (name === 'manifest.json') {
      files.push({ name, body: manifestBody, contentType: CONTENT_TYPES['manifest.json'], sha256: sha256Hex(manifestBody) });
      continue;
    }
    const body = await deps.blobs.get(`${last.prefix}${name}`);
    if (!body) throw new CaseError('not_found', `案卷文件缺失 ${last.prefix}${name}`, `case file missing: ${last.prefix}${name}`);
    const sha256 = sha256Hex(body);
    if (manifest.files?.[name]?.sha256 !== sha256) throw new CaseFileIntegrityError(name);
    files.push({ name, body, contentType: CONTENT_TYPES[name as CaseFileName], sha256 });
  }
  return { case: c, version: c.version, manifest, manifestBody, files };
}
