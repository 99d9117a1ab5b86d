// Which photo storage the environment asks for: the folder by default, S3 with all four
// required variables, and a start-up error that names what is missing otherwise.
import { describe, expect, it } from 'vitest';
import {
  PhotoStorageConfigError,
  photoStorageConfig,
} from '../../../src/server/blobs/photo-storage-config';

const FULL = {
  S3_ENDPOINT: 'http://127.0.0.1:7480',
  S3_BUCKET: 'photos',
  S3_ACCESS_KEY_ID: 'AK',
  S3_SECRET_ACCESS_KEY: 'SK',
};

const errorOf = (env: NodeJS.ProcessEnv) => {
  try {
    photoStorageConfig('/data/photos', env);
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a PhotoStorageConfigError');
};

describe('photo storage config', () => {
  it('uses the photos folder when no S3 variable is set (empty ones count as unset)', () => {
    expect(photoStorageConfig('/data/photos', {})).toEqual({
      kind: 'filesystem',
      dir: '/data/photos',
    });
    expect(photoStorageConfig('/data/photos', { S3_BUCKET: '', S3_ENDPOINT: '  ' })).toEqual({
      kind: 'filesystem',
      dir: '/data/photos',
    });
  });

  it('uses S3 with the four required variables, region us-east-1 and no prefix by default', () => {
    expect(photoStorageConfig('/data/photos', FULL)).toEqual({
      kind: 's3',
      endpoint: 'http://127.0.0.1:7480',
      bucket: 'photos',
      accessKeyId: 'AK',
      secretAccessKey: 'SK',
      region: 'us-east-1',
      prefix: '',
    });
  });

  it('takes S3_REGION and S3_PREFIX (stored with one trailing slash)', () => {
    const config = photoStorageConfig('/data/photos', {
      ...FULL,
      S3_ENDPOINT: 'https://s3.example.org/',
      S3_REGION: 'eu-central-1',
      S3_PREFIX: '/standortbesuch/prod/',
    });
    expect(config).toMatchObject({
      endpoint: 'https://s3.example.org',
      region: 'eu-central-1',
      prefix: 'standortbesuch/prod/',
    });
  });

  it('names the missing variables when only some are set', () => {
    const e = errorOf({ S3_ENDPOINT: FULL.S3_ENDPOINT, S3_BUCKET: 'photos' });
    expect(e).toBeInstanceOf(PhotoStorageConfigError);
    expect(e.message).toContain('S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY');
    expect(e.message).not.toMatch(/needs[^(]*S3_BUCKET/);
    expect(errorOf({ ...FULL, S3_SECRET_ACCESS_KEY: '' }).message).toMatch(
      /needs S3_SECRET_ACCESS_KEY as well/,
    );
  });

  it('refuses S3_REGION or S3_PREFIX alone instead of silently using the folder', () => {
    expect(errorOf({ S3_REGION: 'eu-central-1' }).message).toMatch(/S3_REGION set/);
    expect(errorOf({ S3_PREFIX: 'x' }).message).toMatch(/S3_PREFIX set/);
  });

  it('refuses an endpoint that is not http(s)://host[:port]', () => {
    expect(errorOf({ ...FULL, S3_ENDPOINT: '127.0.0.1:7480' })).toBeInstanceOf(
      PhotoStorageConfigError,
    );
    expect(errorOf({ ...FULL, S3_ENDPOINT: 'ftp://host' }).message).toMatch(/http\(s\)/);
    expect(errorOf({ ...FULL, S3_ENDPOINT: 'http://host/bucket' }).message).toMatch(
      /without a path/,
    );
  });
});
