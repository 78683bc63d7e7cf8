// The AWS SDK for JavaScript v3 (@aws-sdk/client-s3) as an independent client of what Stowage writes and reads:
// put, get and list objects, with content type, cache-control and metadata exactly as this SDK sends and
// reports them. Input and output: see common.mjs.
// connection = {endpoint, region, accessKey, secretKey, bucket}; path-style addressing (loopback endpoints).
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { run } from './common.mjs';

function connect(c) {
  const client = new S3Client({
    endpoint: c.endpoint, region: c.region, forcePathStyle: true,
    credentials: { accessKeyId: c.accessKey, secretAccessKey: c.secretKey },
    // Since 3.729 the SDK adds CRC32 checksums (x-amz-sdk-checksum-algorithm, x-amz-checksum-mode) to every request;
    // S3Proxy 2.6.0 answers those 501 NotImplemented. Only when an operation requires them, as older SDKs did.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return { client, bucket: c.bucket };
}

await run(connect, {
  async put({ client, bucket }, op) {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: op.key,
      Body: Buffer.from(op.body ?? '', 'base64'), ContentType: op.contentType, CacheControl: op.cacheControl,
      Metadata: op.metadata ?? {} }));
    return { ok: true };
  },
  async get({ client, bucket }, op) {
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: op.key }));
    const body = Buffer.from(await response.Body.transformToByteArray());
    return { body: body.toString('base64'), contentType: response.ContentType ?? null,
      cacheControl: response.CacheControl ?? null, metadata: response.Metadata ?? {}, etag: response.ETag ?? null };
  },
  async list({ client, bucket }, op) {
    const items = [];
    let token;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: op.prefix,
        ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        items.push({ key: o.Key, size: o.Size });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return { items };
  },
});
