// Which photo storage the server uses, from its environment: with none of the S3_* variables set,
// files under DATA_DIR/photos (the default); with S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID and
// S3_SECRET_ACCESS_KEY, an S3-compatible bucket (S3_REGION, default us-east-1; S3_PREFIX, an
// optional key prefix). Some but not all of the four is a start-up error naming the missing ones.
import { FsPhotoStorage } from './fs-photo-storage';
import type { PhotoStorage } from './photo-storage';
import { S3PhotoStorage, type S3Settings, normalizePrefix } from './s3-photo-storage';

export class PhotoStorageConfigError extends Error {
  override name = 'PhotoStorageConfigError';
}

export type PhotoStorageConfig =
  { kind: 'filesystem'; dir: string } | ({ kind: 's3' } & S3Settings);

const REQUIRED = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
const DEFAULT_REGION = 'us-east-1';

/** The photo storage `env` asks for; `photosDir` is the folder when it asks for none. */
export function photoStorageConfig(
  photosDir: string,
  env: NodeJS.ProcessEnv = process.env,
): PhotoStorageConfig {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const given = REQUIRED.filter((name) => value(name) !== undefined);
  const optional = ['S3_REGION', 'S3_PREFIX'].filter((name) => value(name) !== undefined);
  if (given.length === 0) {
    if (optional.length > 0)
      throw new PhotoStorageConfigError(
        `${optional.join(' and ')} set, but photos go to S3 only with ${REQUIRED.join(', ')}`,
      );
    return { kind: 'filesystem', dir: photosDir };
  }
  const missing = REQUIRED.filter((name) => value(name) === undefined);
  if (missing.length > 0)
    throw new PhotoStorageConfigError(
      `S3 photo storage needs ${missing.join(', ')} as well (set: ${given.join(', ')})`,
    );
  const endpoint = value('S3_ENDPOINT')!;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new PhotoStorageConfigError(
      `S3_ENDPOINT must be a URL such as http://host:port, got "${endpoint}"`,
    );
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.pathname.length > 1 ||
    url.search
  )
    throw new PhotoStorageConfigError(
      `S3_ENDPOINT must be http(s)://host[:port] without a path, got "${endpoint}"`,
    );
  return {
    kind: 's3',
    endpoint: url.origin,
    bucket: value('S3_BUCKET')!,
    accessKeyId: value('S3_ACCESS_KEY_ID')!,
    secretAccessKey: value('S3_SECRET_ACCESS_KEY')!,
    region: value('S3_REGION') ?? DEFAULT_REGION,
    prefix: normalizePrefix(value('S3_PREFIX') ?? ''),
  };
}

/** The storage a config names; an S3 bucket is checked first (missing or unreachable: an error). */
export async function openPhotoStorage(config: PhotoStorageConfig): Promise<PhotoStorage> {
  if (config.kind === 'filesystem') return new FsPhotoStorage(config.dir);
  const storage = new S3PhotoStorage(config);
  await storage.checkBucket();
  return storage;
}
