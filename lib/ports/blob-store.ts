/** Object storage (S3 on AWS, s3rver locally) for raw uploads, reports and case files. */
export interface BlobStore {
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  /** undefined when the object does not exist. */
  get(key: string): Promise<Uint8Array | undefined>;
  exists(key: string): Promise<boolean>;
  list(prefix: string): Promise<string[]>;
}
