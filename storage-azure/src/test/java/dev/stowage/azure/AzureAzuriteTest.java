package dev.stowage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ByteRange;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import dev.stowage.SignedUrlOptions;
import dev.stowage.StorageException;
import dev.stowage.testkit.emulator.AzuriteEmulator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Azure-specific behaviour on Azurite: what the conformance kit does not pin down for this backend. */
class AzureAzuriteTest {
    static AzuriteEmulator azurite;
    static BlobContainerClient raw;
    BlobStore store;
    String folder;

    @BeforeAll
    static void startAzurite() {
        azurite = AzuriteEmulator.startOrSkip();
        raw = new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
                .createBlobContainerIfNotExists("behaviour");
    }

    @AfterAll
    static void stopAzurite() {
        if (azurite != null) {
            azurite.close();
        }
    }

    @BeforeEach
    void open() {
        folder = "f-" + UUID.randomUUID().toString().substring(0, 8);
        store = BlobStores.open(uri("behaviour/" + folder, ""));
    }

    @AfterEach
    void close() {
        store.close();
    }

    static String uri(String path, String extra) {
        return "azure://" + AzuriteEmulator.ACCOUNT + "/" + path + "?endpoint=" + azurite.blobEndpoint()
                + "&accountKey=" + java.net.URLEncoder.encode(AzuriteEmulator.ACCOUNT_KEY, StandardCharsets.UTF_8)
                + extra;
    }

    static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    @Test
    void unknownLengthUploadOfSeveralBlocksRoundTrips() throws IOException {
        store.close();
        store = BlobStores.open(uri("behaviour/" + folder, "&partSize=1MiB"));
        byte[] data = random(3 * 1024 * 1024 + 17);
        BlobInfo info = store.put("big.bin", ContentSource.ofStream(new ByteArrayInputStream(data),
                ContentSource.UNKNOWN_LENGTH), PutOptions.defaults());
        assertThat(info.size()).isEqualTo(data.length);
        try (BlobInputStream in = store.get("big.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        // it really was staged as blocks
        assertThat(raw.getBlobClient(folder + "/big.bin").getBlockBlobClient().listBlocks(
                com.azure.storage.blob.models.BlockListType.COMMITTED).getCommittedBlocks()).hasSize(4);
    }

    @Test
    void failedStreamLeavesNothingVisible() {
        store.close();
        store = BlobStores.open(uri("behaviour/" + folder, "&partSize=1MiB"));
        InputStream failing = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (++n > 2 * 1024 * 1024) {
                    throw new IOException("source broke");
                }
                return 7;
            }
        };
        assertThatThrownBy(() -> store.put("broken.bin", ContentSource.ofStream(failing,
                ContentSource.UNKNOWN_LENGTH), PutOptions.defaults())).isInstanceOf(StorageException.class);
        assertThat(store.exists("broken.bin")).isFalse();
    }

    @Test
    void rangeReadsReturnTheSlice() throws IOException {
        byte[] data = random(10_000);
        store.put("r.bin", ContentSource.ofBytes(data), PutOptions.defaults());
        try (BlobInputStream in = store.get("r.bin", ByteRange.of(100, 50))) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 100, 150));
        }
        try (BlobInputStream in = store.get("r.bin", ByteRange.from(9_990))) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 9_990, 10_000));
        }
        assertThatThrownBy(() -> store.get("r.bin", ByteRange.from(20_000)))
                .isInstanceOfSatisfying(StorageException.class, e ->
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void metadataContentTypeAndCacheControlRoundTripThroughStatGetListAndCopy() {
        PutOptions options = PutOptions.builder().contentType("image/png").cacheControl("max-age=60")
                .metadata(Map.of("Owner-Id", "42", "plain", "x", "snake_case", "y", "9lives", "z")).build();
        store.put("a/meta.png", ContentSource.ofBytes(new byte[] {1, 2, 3}), options);
        BlobInfo stat = store.stat("a/meta.png");
        assertThat(stat.contentType()).isEqualTo("image/png");
        assertThat(stat.cacheControl()).isEqualTo("max-age=60");
        assertThat(stat.userMetadata()).isEqualTo(Map.of("owner-id", "42", "plain", "x", "snake_case", "y",
                "9lives", "z"));
        BlobInfo copied = store.copy("a/meta.png", "b/copy.png");
        assertThat(copied.userMetadata()).isEqualTo(stat.userMetadata());
        assertThat(copied.contentType()).isEqualTo("image/png");
        List<ListEntry> listed = store.list(ListOptions.prefix("a/")).toList();
        assertThat(listed).singleElement().satisfies(e -> {
            assertThat(e.info().userMetadata()).isEqualTo(stat.userMetadata());
            assertThat(e.info().cacheControl()).isEqualTo("max-age=60");
        });
        // identifiers stored as they are; other names escaped on the wire, so that real Azure accepts them
        assertThat(raw.getBlobClient(folder + "/a/meta.png").getProperties().getMetadata())
                .containsOnlyKeys("stowage_owner_2Did", "plain", "snake_case", "stowage_9lives");
    }

    @Test
    void conditionalWritesUseEtags() {
        BlobInfo first = store.put("c.txt", ContentSource.ofBytes(new byte[] {1}),
                PutOptions.builder().ifNoneMatch("*").build());
        assertThatThrownBy(() -> store.put("c.txt", ContentSource.ofBytes(new byte[] {2}),
                PutOptions.builder().ifNoneMatch("*").build()))
                .isInstanceOfSatisfying(StorageException.class, e ->
                        assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED));
        BlobInfo second = store.put("c.txt", ContentSource.ofBytes(new byte[] {3}),
                PutOptions.builder().ifMatch(first.etag()).build());
        assertThat(second.etag()).isNotEqualTo(first.etag());
        assertThatThrownBy(() -> store.put("c.txt", ContentSource.ofBytes(new byte[] {4}),
                PutOptions.builder().ifMatch(first.etag()).build()))
                .isInstanceOfSatisfying(StorageException.class, e ->
                        assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED));
        assertThatThrownBy(() -> store.put("missing.txt", ContentSource.ofBytes(new byte[] {4}),
                PutOptions.builder().ifMatch(first.etag()).build()))
                .isInstanceOfSatisfying(StorageException.class, e ->
                        assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED));
        assertThat(store.getBytes("c.txt")).containsExactly(3);
    }

    @Test
    void sasUrlsDownloadAndUploadOverPlainHttp() throws Exception {
        store.put("dir/sas file.txt", ContentSource.ofBytes("hello sas".getBytes(StandardCharsets.UTF_8)),
                PutOptions.defaults());
        HttpClient http = HttpClient.newHttpClient();
        URI get = store.signedUrl("dir/sas file.txt", SignedUrlOptions.get(Duration.ofMinutes(5)));
        assertThat(get.getQuery()).contains("sig=");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(get).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello sas");

        URI put = store.signedUrl("uploaded.txt", SignedUrlOptions.put(Duration.ofMinutes(5), null));
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(put).header("x-ms-blob-type", "BlockBlob")
                .PUT(HttpRequest.BodyPublishers.ofString("via sas")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).isEqualTo(201);
        assertThat(new String(store.getBytes("uploaded.txt"), StandardCharsets.UTF_8)).isEqualTo("via sas");
    }

    @Test
    void sasUrlsNeedTheAccountKey() {
        String sas = raw.getBlobClient("x").generateSas(new com.azure.storage.blob.sas.BlobServiceSasSignatureValues(
                java.time.OffsetDateTime.now().plusHours(1),
                new com.azure.storage.blob.sas.BlobSasPermission().setReadPermission(true)));
        try (BlobStore sasStore = BlobStores.open("azure://" + AzuriteEmulator.ACCOUNT + "/behaviour?endpoint="
                + azurite.blobEndpoint() + "&sasToken=" + java.net.URLEncoder.encode(sas, StandardCharsets.UTF_8))) {
            assertThat(sasStore.capabilities().signedUrl()).isFalse();
            assertThatThrownBy(() -> sasStore.signedUrl("x", SignedUrlOptions.get(Duration.ofMinutes(1))))
                    .isInstanceOfSatisfying(StorageException.class, e ->
                            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED));
        }
    }

    @Test
    void publicUrlIsTheContainerUrlPlusEncodedKey() {
        assertThat(store.publicUrl("a b/ü.txt").toString()).isEqualTo(azurite.blobEndpoint() + "/behaviour/"
                + folder + "/a%20b/%C3%BC.txt");
    }

    @Test
    void publicUrlOfAPublicContainerIsServedOverHttp() throws Exception {
        raw.getServiceClient().createBlobContainerIfNotExists("public")
                .setAccessPolicy(com.azure.storage.blob.models.PublicAccessType.BLOB, null);
        try (BlobStore pub = BlobStores.open(uri("public/" + folder, ""))) {
            pub.put("a b.txt", ContentSource.ofBytes("public".getBytes(StandardCharsets.UTF_8)), PutOptions.defaults());
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(pub.publicUrl("a b.txt")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("public");
        }
    }

    @Test
    void missingContainerIsToldApartFromMissingBlob() {
        assertThatThrownBy(() -> store.stat("nope"))
                .isInstanceOfSatisfying(StorageException.class, e ->
                        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        try (BlobStore missing = BlobStores.open(uri("no-such-container", ""))) {
            assertThatThrownBy(() -> missing.put("k", ContentSource.ofBytes(new byte[1]), PutOptions.defaults()))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
                        assertThat(e.getMessage()).contains("container 'no-such-container' does not exist");
                    });
            assertThatThrownBy(() -> missing.list(ListOptions.all()).toList())
                    .isInstanceOfSatisfying(StorageException.class, e ->
                            assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED));
        }
    }

    @Test
    void wrongKeyIsUnauthenticatedAndNamesTheSourceNotTheSecret() {
        String wrongKey = java.util.Base64.getEncoder().encodeToString(new byte[64]);
        try (BlobStore bad = BlobStores.open("azure://" + AzuriteEmulator.ACCOUNT + "/behaviour?endpoint="
                + azurite.blobEndpoint() + "&accountKey=" + java.net.URLEncoder.encode(wrongKey, StandardCharsets.UTF_8))) {
            assertThatThrownBy(() -> bad.list(ListOptions.all()).toList())
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.UNAUTHENTICATED);
                        assertThat(e.getMessage()).contains("option accountKey").doesNotContain(wrongKey);
                    });
        }
    }

    @Test
    void listingPagesWithDelimiterAndStartAfter() {
        for (String k : List.of("a/1", "a/2", "b/1", "c", "d")) {
            store.put(k, ContentSource.ofBytes(new byte[0]), PutOptions.defaults());
        }
        assertThat(store.list(ListOptions.builder().delimiter("/").pageSize(2).build()).map(ListEntry::key))
                .containsExactly("a/", "b/", "c", "d");
        assertThat(store.list(ListOptions.builder().startAfter("a/2").pageSize(1).build()).map(ListEntry::key))
                .containsExactly("b/1", "c", "d");
    }
}
