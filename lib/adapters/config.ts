import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod';
import { ConfigError } from '../domain/errors';
import { engineConfig, type EngineConfig } from '../engine/config';

/**
 * The process configuration, read from the environment once. Only adapters and entry points
 * read it; domain code receives what it needs as arguments.
 */
const EnvSchema = z.object({
  STATSENTRY_TARGET: z.enum(['local', 'aws']).default('local'),
  STATSENTRY_DATA_DIR: z.string().min(1).default('.statsentry'),
  STATSENTRY_TABLE: z.string().min(1).default('statsentry'),
  STATSENTRY_BUCKET: z.string().min(1).default('statsentry-data'),
  STATSENTRY_CASES_BUCKET: z.string().min(1).optional(),
  STATSENTRY_USCC_ALLOW_LIST: z.string().optional(),
  STATSENTRY_CONFIG_FILE: z.string().optional(),
  STATSENTRY_RULES_JSON: z.string().optional(),
  STATSENTRY_DISTRICT_CODE: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  AWS_REGION: z.string().min(1).default('cn-north-1'),
  AWS_ENDPOINT_URL_DYNAMODB: z.url().optional(),
  AWS_ENDPOINT_URL_S3: z.url().optional(),
});

export interface AppConfig {
  /** `local` starts dynalite and s3rver in-process unless endpoints are given. */
  target: 'local' | 'aws';
  dataDir: string;
  tableName: string;
  bucketName: string;
  /** Where case files go (on AWS the Object Lock bucket); locally the data bucket. */
  casesBucketName: string;
  region: string;
  dynamoEndpoint?: string;
  s3Endpoint?: string;
  /** Known legacy credit codes admitted although their check characters fail. */
  usccAllowList: string[];
  configFile?: string;
  /** Rule and threshold overrides as JSON, applied over the config file. */
  rulesJson?: string;
  districtCode?: string;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid environment: ${detail}`);
  }
  const e = parsed.data;
  return {
    target: e.STATSENTRY_TARGET,
    dataDir: resolve(e.STATSENTRY_DATA_DIR),
    tableName: e.STATSENTRY_TABLE,
    bucketName: e.STATSENTRY_BUCKET,
    casesBucketName: e.STATSENTRY_CASES_BUCKET ?? e.STATSENTRY_BUCKET,
    region: e.AWS_REGION,
    dynamoEndpoint: e.AWS_ENDPOINT_URL_DYNAMODB,
    s3Endpoint: e.AWS_ENDPOINT_URL_S3,
    usccAllowList: (e.STATSENTRY_USCC_ALLOW_LIST ?? '')
      .split(/[\s,]+/)
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean),
    configFile: e.STATSENTRY_CONFIG_FILE,
    rulesJson: e.STATSENTRY_RULES_JSON,
    districtCode: e.STATSENTRY_DISTRICT_CODE,
  };
}

/** True when the process must start its own local servers. */
export function needsLocalServers(config: AppConfig): boolean {
  return config.target === 'local' && !config.dynamoEndpoint && !config.s3Endpoint;
}

/**
 * The checks' configuration: defaults, then the JSON file named by STATSENTRY_CONFIG_FILE,
 * then STATSENTRY_RULES_JSON, then STATSENTRY_DISTRICT_CODE. Read once; a bad value stops here.
 */
export function loadEngineConfig(config: AppConfig): EngineConfig {
  const parse = (text: string, where: string): Record<string, unknown> => {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      throw new ConfigError(`${where} is not valid JSON: ${(err as Error).message}`);
    }
  };
  const fromFile = config.configFile ? parse(readFileSync(config.configFile, 'utf8'), config.configFile) : {};
  const fromEnv = config.rulesJson ? parse(config.rulesJson, 'STATSENTRY_RULES_JSON') : {};
  const merged: Record<string, unknown> = {
    ...fromFile,
    ...fromEnv,
    rules: { ...((fromFile.rules as object) ?? {}), ...((fromEnv.rules as object) ?? {}) },
  };
  if (config.districtCode) merged.districtCode = config.districtCode;
  try {
    return engineConfig(merged);
  } catch (err) {
    throw new ConfigError(`invalid checks configuration: ${(err as Error).message}`);
  }
}
