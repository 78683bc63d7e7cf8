// The Azure Storage SDK for JavaScript (@azure/storage-blob) as an independent client of what Stowage writes
// and reads: put, get and list blobs, with content type, cache-control and metadata exactly as this SDK
// sends and reports them. Input and output: see common.mjs. connection = {connectionString, container}.
import { BlobServiceClient } from '@azure/storage-blob';
import { drain, run } from './common.mjs';

function connect(c) {
  return BlobServiceClient.fromConnectionString(c.connectionString).getContainerClient(c.container);
}

await run(connect, {
  async put(container, op) {
    const body = Buffer.from(op.body ?? '', 'base64');
    await container.getBlockBlobClient(op.key).upload(body, body.length, {
      blobHTTPHeaders: { blobContentType: op.contentType, blobCacheControl: op.cacheControl },
      metadata: op.metadata ?? {},
    });
    return { ok: true };
  },
  async get(container, op) {
    const response = await container.getBlobClient(op.key).download();
    const body = await drain(response.readableStreamBody);
    return { body: body.toString('base64'), contentType: response.contentType ?? null,
      cacheControl: response.cacheControl ?? null, metadata: response.metadata ?? {}, etag: response.etag ?? null };
  },
  async list(container, op) {
    const items = [];
    for await (const blob of container.listBlobsFlat({ prefix: op.prefix, includeMetadata: true })) {
      items.push({ key: blob.name, size: blob.properties.contentLength, metadata: blob.metadata ?? {} });
    }
    return { items };
  },
});
