package dev.stowage.bench;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ContentSource;
import dev.stowage.PutOptions;
import dev.stowage.gcs.GcsStores;
import dev.stowage.testkit.emulator.AzuriteEmulator;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The Azure and GCS drivers against their raw SDKs on the same emulator, in one process: put and get of 1 KiB and
 * 16 MiB (Azure on Azurite in memory; GCS on google-cloud-nio's in-process LocalStorageHelper), and a 2 GiB Azure
 * round trip on Azurite with disk persistence in a child JVM limited to a 128 MiB heap.
 *
 * <p>GCS is also measured over real HTTP ({@code gcs-http}): both clients talk to one WireMock server that answers
 * the JSON API calls with canned, documented responses (object resource, media, multipart and resumable uploads),
 * so the figures include each client's HTTP and JSON work but no storage work.
 *
 * <p>Run with {@code java -cp ... dev.stowage.bench.AzureGcsBenchmark [azure|gcs [scale]|gcs-http [scale]|azure-2g]}
 * (all by default; {@code scale} multiplies the GCS rounds and warm-up).
 */
public final class AzureGcsBenchmark {
    private static final int KIB = 1024;
    private static final int MIB = 1024 * 1024;

    private AzureGcsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        switch (mode) {
            case "azure" -> azure();
            case "gcs" -> gcs(args.length > 1 ? Integer.parseInt(args[1]) : 1);
            case "gcs-http" -> gcsOverHttp(args.length > 1 ? Integer.parseInt(args[1]) : 1);
            case "azure-2g" -> bigInChildJvm();
            case "azure-2g-child" -> azureBig(Long.parseLong(args[1]));
            default -> {
                azure();
                gcs(1);
                gcsOverHttp(1);
                bigInChildJvm();
            }
        }
    }

    static byte[] data(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    static void azure() throws Exception {
        try (AzuriteEmulator azurite = AzuriteEmulator.start()) {
            BlobContainerClient raw = new BlobServiceClientBuilder().connectionString(azurite.connectionString())
                    .buildClient().createBlobContainerIfNotExists("bench");
            try (BlobStore store = BlobStores.open("azure://" + AzuriteEmulator.ACCOUNT + "/bench/stowage?endpoint="
                    + azurite.blobEndpoint() + "&accountKey="
                    + URLEncoder.encode(AzuriteEmulator.ACCOUNT_KEY, StandardCharsets.UTF_8))) {
                for (int size : new int[] {KIB, 16 * MIB}) {
                    byte[] bytes = data(size);
                    String label = size == KIB ? "1 KiB" : "16 MiB";
                    int rounds = size == KIB ? 200 : 10;
                    Ratio.compare("azure put " + label + " (Azurite)", "MiB", size / (double) MIB, rounds / 4,
                            rounds, "raw SDK", () -> raw.getBlobClient("raw/" + size).upload(
                                    new ByteArrayInputStream(bytes), size, true),
                            "stowage", () -> store.put(String.valueOf(size), ContentSource.ofStream(
                                    new ByteArrayInputStream(bytes), size), PutOptions.defaults()));
                    Ratio.compare("azure get " + label + " (Azurite)", "MiB", size / (double) MIB, rounds / 4,
                            rounds, "raw SDK", () -> {
                                try (InputStream in = raw.getBlobClient("raw/" + size).openInputStream()) {
                                    in.transferTo(OutputStream.nullOutputStream());
                                }
                            }, "stowage", () -> {
                                try (BlobInputStream in = store.get(String.valueOf(size))) {
                                    in.transferTo(OutputStream.nullOutputStream());
                                }
                            });
                }
            }
        }
    }

    /** @param scale multiplies rounds and warm-up, for steady-state figures on small objects */
    static void gcs(int scale) throws Exception {
        Storage storage = LocalStorageHelper.customOptions(false).getService();
        try (BlobStore store = GcsStores.open(storage, "gs://bench/stowage")) {
            for (int size : new int[] {KIB, 16 * MIB}) {
                byte[] bytes = data(size);
                String label = size == KIB ? "1 KiB" : "16 MiB";
                int rounds = (size == KIB ? 400 : 10) * scale;
                BlobInfo rawInfo = BlobInfo.newBuilder(BlobId.of("bench", "raw/" + size)).build();
                Ratio.compare("gcs put " + label + " (LocalStorageHelper)", "MiB", size / (double) MIB,
                        rounds / 4, rounds, "raw SDK", () -> {
                            if (size <= MIB) {
                                storage.create(rawInfo, bytes);
                            } else {
                                storage.createFrom(rawInfo, new ByteArrayInputStream(bytes));
                            }
                        }, "stowage", () -> store.put(String.valueOf(size), ContentSource.ofStream(
                                new ByteArrayInputStream(bytes), size), PutOptions.defaults()));
                Ratio.compare("gcs get " + label + " (LocalStorageHelper)", "MiB", size / (double) MIB,
                        rounds / 4, rounds, "raw SDK", () -> {
                            try (InputStream in = Channels.newInputStream(storage.reader(rawInfo.getBlobId()))) {
                                in.transferTo(OutputStream.nullOutputStream());
                            }
                        }, "stowage", () -> {
                            try (BlobInputStream in = store.get(String.valueOf(size))) {
                                in.transferTo(OutputStream.nullOutputStream());
                            }
                        });
                if (size <= MIB) {
                    // the fake builds a new HTTP client for every reader(); readAllBytes is the raw call without that.
                    // It is one request that returns bytes only, where a store's get also returns the object's
                    // metadata, which the SDK reads with a second request.
                    Ratio.compare("gcs get " + label + " vs readAllBytes", "MiB", size / (double) MIB, rounds / 4,
                            rounds, "raw SDK", () -> storage.readAllBytes(rawInfo.getBlobId()), "stowage", () -> {
                                try (BlobInputStream in = store.get(String.valueOf(size))) {
                                    in.transferTo(OutputStream.nullOutputStream());
                                }
                            });
                    // the same two requests from the raw SDK: the metadata, then the bytes of that generation
                    Ratio.compare("gcs get " + label + " vs get+readAllBytes", "MiB", size / (double) MIB,
                            rounds / 4, rounds, "raw SDK", () -> {
                                com.google.cloud.storage.Blob blob = storage.get(rawInfo.getBlobId());
                                storage.readAllBytes(blob.getBlobId());
                            }, "stowage", () -> {
                                try (BlobInputStream in = store.get(String.valueOf(size))) {
                                    in.transferTo(OutputStream.nullOutputStream());
                                }
                            });
                }
            }
        }
    }

    /** @param scale multiplies rounds and warm-up */
    static void gcsOverHttp(int scale) throws Exception {
        WireMockServer wire = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
                .dynamicPort().gzipDisabled(true).disableRequestJournal().containerThreads(16));
        wire.start();
        try {
            String endpoint = "http://127.0.0.1:" + wire.port();
            Storage storage = StorageOptions.http().setHost(endpoint).setProjectId("p")
                    .setCredentials(NoCredentials.getInstance()).build().getService();
            // one resumable chunk larger than the object, so each upload is one session start and one final PUT
            // (the canned server cannot answer the 308s of intermediate chunks)
            try (BlobStore store = BlobStores.open("gs://bench/stowage?endpoint=" + endpoint
                    + "&noCredentials=true&project=p&chunkSize=32")) {
                for (int size : new int[] {KIB, 16 * MIB}) {
                    byte[] bytes = data(size);
                    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                    crc.update(bytes);
                    String crc32c = java.util.Base64.getEncoder().encodeToString(
                            java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
                    String md5 = java.util.Base64.getEncoder().encodeToString(
                            java.security.MessageDigest.getInstance("MD5").digest(bytes));
                    // the object resource as the JSON API returns it (default projection noAcl), and the partial
                    // resource it returns when a request names the fields it wants
                    String object = "{\"kind\":\"storage#object\",\"id\":\"bench/o/1700000000000001\","
                            + "\"selfLink\":\"" + endpoint + "/storage/v1/b/bench/o/o\",\"mediaLink\":\"" + endpoint
                            + "/download/storage/v1/b/bench/o/o?generation=1700000000000001&alt=media\","
                            + "\"name\":\"o\",\"bucket\":\"bench\",\"generation\":\"1700000000000001\","
                            + "\"metageneration\":\"1\",\"contentType\":\"application/octet-stream\","
                            + "\"storageClass\":\"STANDARD\",\"size\":\"" + size + "\",\"md5Hash\":"
                            + "\"" + md5 + "\",\"crc32c\":\"" + crc32c + "\",\"etag\":\"CIGAgICAgICDGBAB\","
                            + "\"timeCreated\":\"2026-11-23T10:00:00.000Z\",\"updated\":\"2026-11-23T10:00:00.000Z\","
                            + "\"timeStorageClassUpdated\":\"2026-11-23T10:00:00.000Z\",\"timeFinalized\":"
                            + "\"2026-11-23T10:00:00.000Z\"}";
                    String partial = "{\"bucket\":\"bench\",\"name\":\"o\",\"generation\":\"1700000000000001\","
                            + "\"contentType\":\"application/octet-stream\",\"size\":\"" + size + "\","
                            + "\"updated\":\"2026-11-23T10:00:00.000Z\",\"crc32c\":\"" + crc32c + "\",\"md5Hash\":\""
                            + md5 + "\"}";
                    wire.resetAll();
                    wire.stubFor(WireMock.get(WireMock.urlPathMatching("/storage/v1/b/bench/o/.+"))
                            .willReturn(jsonResponse(object)));
                    wire.stubFor(WireMock.get(WireMock.urlPathMatching("/storage/v1/b/bench/o/.+"))
                            .withQueryParam("fields", WireMock.matching(".+")).willReturn(jsonResponse(partial)));
                    wire.stubFor(WireMock.get(WireMock.urlPathMatching("/download/storage/v1/b/bench/o/.+"))
                            .willReturn(WireMock.aResponse().withStatus(200)
                                    .withHeader("Content-Type", "application/octet-stream")
                                    .withHeader("x-goog-generation", "1700000000000001")
                                    .withHeader("x-goog-stored-content-length", String.valueOf(size))
                                    .withBody(bytes)));
                    wire.stubFor(WireMock.post(WireMock.urlPathEqualTo("/upload/storage/v1/b/bench/o"))
                            .withQueryParam("uploadType", WireMock.equalTo("multipart"))
                            .willReturn(jsonResponse(object)));
                    wire.stubFor(WireMock.post(WireMock.urlPathEqualTo("/upload/storage/v1/b/bench/o"))
                            .withQueryParam("uploadType", WireMock.equalTo("resumable"))
                            .willReturn(WireMock.aResponse().withStatus(200).withHeader("Location", endpoint
                                    + "/upload/storage/v1/b/bench/o?uploadType=resumable&upload_id=bench")));
                    wire.stubFor(WireMock.put(WireMock.urlPathEqualTo("/upload/storage/v1/b/bench/o"))
                            .willReturn(jsonResponse(object)));
                    String label = size == KIB ? "1 KiB" : "16 MiB";
                    int rounds = (size == KIB ? 400 : 10) * scale;
                    BlobInfo rawInfo = BlobInfo.newBuilder(BlobId.of("bench", "raw/" + size)).build();
                    Ratio.compare("gcs put " + label + " (HTTP)", "MiB", size / (double) MIB, rounds / 4, rounds,
                            "raw SDK", () -> {
                                if (size <= MIB) {
                                    storage.create(rawInfo, bytes);
                                } else {
                                    storage.createFrom(rawInfo, new ByteArrayInputStream(bytes), 32 * MIB);
                                }
                            }, "stowage", () -> store.put(String.valueOf(size), ContentSource.ofStream(
                                    new ByteArrayInputStream(bytes), size), PutOptions.defaults()));
                    Ratio.Task stowageGet = () -> {
                        try (BlobInputStream in = store.get(String.valueOf(size))) {
                            in.transferTo(OutputStream.nullOutputStream());
                        }
                    };
                    Ratio.compare("gcs get " + label + " (HTTP) vs reader", "MiB", size / (double) MIB,
                            rounds / 4, rounds, "raw SDK", () -> {
                                try (InputStream in = Channels.newInputStream(storage.reader(rawInfo.getBlobId()))) {
                                    in.transferTo(OutputStream.nullOutputStream());
                                }
                            }, "stowage", stowageGet);
                    if (size <= MIB) {
                        Ratio.compare("gcs get " + label + " (HTTP) vs get+readAllBytes", "MiB", size / (double) MIB,
                                rounds / 4, rounds, "raw SDK", () -> {
                                    com.google.cloud.storage.Blob blob = storage.get(rawInfo.getBlobId());
                                    storage.readAllBytes(blob.getBlobId());
                                }, "stowage", stowageGet);
                    }
                }
            }
        } finally {
            wire.stop();
        }
    }

    private static ResponseDefinitionBuilder jsonResponse(String body) {
        return WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=UTF-8")
                .withBody(body);
    }

    /** The 2 GiB round trip runs in a child JVM with -Xmx128m, so the heap limit is real. */
    static void bigInChildJvm() throws Exception {
        long size = 2L * 1024 * MIB;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                AzureGcsBenchmark.class.getName(), "azure-2g-child", String.valueOf(size)).inheritIO().start();
        int exit = child.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("the 2 GiB round trip failed in the child JVM (exit " + exit + ")");
        }
    }

    static void azureBig(long size) throws Exception {
        Path location = Files.createTempDirectory("azurite-disk-");
        try (AzuriteEmulator azurite = AzuriteEmulator.start(location)) {
            new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
                    .createBlobContainerIfNotExists("bench");
            try (BlobStore store = BlobStores.open("azure://" + AzuriteEmulator.ACCOUNT + "/bench?endpoint="
                    + azurite.blobEndpoint() + "&accountKey="
                    + URLEncoder.encode(AzuriteEmulator.ACCOUNT_KEY, StandardCharsets.UTF_8))) {
                long t0 = System.nanoTime();
                store.put("big.bin", ContentSource.ofStream(new PatternStream(size), ContentSource.UNKNOWN_LENGTH),
                        PutOptions.defaults());
                long t1 = System.nanoTime();
                long read;
                try (BlobInputStream in = store.get("big.bin")) {
                    read = in.transferTo(OutputStream.nullOutputStream());
                }
                long t2 = System.nanoTime();
                if (read != size) {
                    throw new IllegalStateException("read " + read + " bytes of " + size);
                }
                System.out.printf(java.util.Locale.ROOT, "azure 2 GiB round trip (Azurite on disk, -Xmx%dm): "
                                + "put %.1f MiB/s, get %.1f MiB/s, max heap %d MiB%n",
                        Runtime.getRuntime().maxMemory() / MIB, size / (double) MIB / ((t1 - t0) / 1e9),
                        size / (double) MIB / ((t2 - t1) / 1e9), Runtime.getRuntime().maxMemory() / MIB);
                store.delete("big.bin");
            }
        } finally {
            try (var files = Files.walk(location)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A stream of {@code size} generated bytes, never held in memory. */
    static final class PatternStream extends InputStream {
        private final long size;
        private long position;

        PatternStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            return position < size ? (int) (position++ * 31 & 0xff) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) (position++ * 31);
            }
            return n;
        }
    }
}
