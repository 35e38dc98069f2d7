import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent } from 'node:http';

export interface ClientOptions {
  region: string;
  dynamoEndpoint?: string;
  s3Endpoint?: string;
  /** Local servers accept any signature; s3rver wants its own fixed key id. */
  local?: boolean;
}

export interface AwsClients {
  dynamo: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  s3: S3Client;
}

export function createClients(opts: ClientOptions): AwsClients {
  const localCredentials = opts.local ? { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } : undefined;
  const requestHandler = opts.local ? new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) }) : undefined;
  const dynamo = new DynamoDBClient({
    region: opts.region,
    endpoint: opts.dynamoEndpoint,
    credentials: localCredentials,
    requestHandler,
    maxAttempts: 8,
  });
  const doc = DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
  const s3 = new S3Client({
    region: opts.region,
    endpoint: opts.s3Endpoint,
    forcePathStyle: Boolean(opts.s3Endpoint),
    credentials: localCredentials,
    requestHandler,
    // s3rver stores aws-chunked framing inside the object unless checksums are off.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return { dynamo, doc, s3 };
}
