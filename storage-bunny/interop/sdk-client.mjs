// bunny.net's official storage SDK (@bunny.net/storage-sdk) as an independent client of a storage zone, for
// BunnyInteropTest. The SDK only knows bunny.net's regional hosts, so its fetch calls are sent to BUNNY_ENDPOINT
// instead; method, path, headers and body stay the SDK's own.
//   node sdk-client.mjs upload <path> <local file>     (with the SHA-256 as Checksum, as the SDK's docs show)
//   node sdk-client.mjs download <path> <local file>
//   node sdk-client.mjs list <folder>                 (prints the SDK's parsed entries as JSON)
//   node sdk-client.mjs describe <path>               (the SDK's file.get, a DESCRIBE request; prints the entry)
//   node sdk-client.mjs remove <path>
// Environment: BUNNY_ENDPOINT (http://127.0.0.1:PORT), BUNNY_ZONE, BUNNY_ACCESS_KEY.
import * as BunnyStorageSDK from "@bunny.net/storage-sdk";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { Readable } from "node:stream";

const target = new URL(process.env.BUNNY_ENDPOINT);
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = new URL(input);
  url.protocol = target.protocol;
  url.host = target.host;
  return realFetch(url, init);
};

const zone = BunnyStorageSDK.zone.connect_with_accesskey(BunnyStorageSDK.regions.StorageRegion.Falkenstein,
  process.env.BUNNY_ZONE, process.env.BUNNY_ACCESS_KEY);
const [command, path, file] = process.argv.slice(2);

switch (command) {
  case "upload": {
    const data = readFileSync(file);
    const checksum = createHash("sha256").update(data).digest("hex").toUpperCase();
    await BunnyStorageSDK.file.upload(zone, path, Readable.toWeb(Readable.from([data])),
      { sha256Checksum: checksum });
    break;
  }
  case "download": {
    const { stream } = await BunnyStorageSDK.file.download(zone, path);
    const chunks = [];
    for await (const chunk of stream) {
      chunks.push(Buffer.from(chunk));
    }
    writeFileSync(file, Buffer.concat(chunks));
    break;
  }
  case "list": {
    const entries = await BunnyStorageSDK.file.list(zone, path);
    console.log(JSON.stringify(entries.map((e) => ({ objectName: e.objectName, length: e.length,
      isDirectory: e.isDirectory, checksum: e.checksum, lastChanged: e.lastChanged }))));
    break;
  }
  case "describe": {
    const e = await BunnyStorageSDK.file.get(zone, path);
    console.log(JSON.stringify({ objectName: e.objectName, length: e.length, isDirectory: e.isDirectory,
      checksum: e.checksum }));
    break;
  }
  case "remove": {
    if (!(await BunnyStorageSDK.file.remove(zone, path))) {
      throw new Error("remove failed: " + path);
    }
    break;
  }
  default:
    throw new Error("unknown command " + command);
}
