package dev.stowage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobServiceClientBuilder;
import dev.stowage.BlobInfo;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ErrorCode;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import dev.stowage.testkit.StoreUnderTest;
import dev.stowage.testkit.emulator.AzuriteEmulator;
import dev.stowage.testkit.interop.InteropClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stowage and the Azure Storage SDK for JavaScript ({@code @azure/storage-blob}, a client nobody here wrote) on one
 * Azurite: each reads what the other wrote, comparing bytes, content type, cache-control, and metadata names and
 * values, and both agree on which keys exist.
 */
class AzureInteropTest {
    static final String CONTAINER = "interop";
    static AzuriteEmulator azurite;
    InteropClient js;
    BlobStore store;
    String folder;

    @BeforeAll
    static void start() {
        azurite = AzuriteEmulator.startOrSkip();
        new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
                .createBlobContainerIfNotExists(CONTAINER);
    }

    @AfterAll
    static void stop() {
        if (azurite != null) {
            azurite.close();
        }
    }

    @BeforeEach
    void open() {
        // looked up per test, so that each test reports the skip and how to install the client
        js = InteropClient.azureBlob();
        folder = "i-" + UUID.randomUUID().toString().substring(0, 8);
        store = BlobStores.open("azure://" + AzuriteEmulator.ACCOUNT + "/" + CONTAINER + "/" + folder + "?endpoint="
                + azurite.blobEndpoint() + "&accountKey="
                + URLEncoder.encode(AzuriteEmulator.ACCOUNT_KEY, StandardCharsets.UTF_8));
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private List<InteropClient.Result> js(List<Map<String, Object>> ops) {
        return js.run(Map.of("connectionString", azurite.connectionString(), "container", CONTAINER), ops);
    }

    private InteropClient.Result js(Map<String, Object> op) {
        return js(List.of(op)).get(0);
    }

    @Test
    void jsSdkReadsWhatStowageWroteWithMetadataNamesAsWritten() {
        byte[] body = StoreUnderTest.randomBytes(70_000, 7);
        Map<String, String> metadata = Map.of("trace-id", "t-1", "snake_case", "s", "double__under", "d",
                "plain", "p", "9lives", "n", "camelCase", "c");
        store.put("a/photo.jpg", dev.stowage.ContentSource.ofBytes(body), PutOptions.builder().contentType("image/jpeg")
                .cacheControl("public, max-age=60").metadata(metadata).build());

        List<InteropClient.Result> read = js(List.of(InteropClient.get(folder + "/a/photo.jpg"),
                InteropClient.list(folder + "/")));
        assertThat(read.get(0).body()).isEqualTo(body);
        assertThat(read.get(0).contentType()).isEqualTo("image/jpeg");
        assertThat(read.get(0).cacheControl()).isEqualTo("public, max-age=60");
        // Identifiers are stored as written (portable names are lower-case, so camelCase is stored as camelcase);
        // the others under Stowage's escape prefix.
        assertThat(read.get(1).listedMetadata(folder + "/a/photo.jpg")).isEqualTo(Map.of("snake_case", "s",
                "double__under", "d", "plain", "p", "camelcase", "c", "stowage_trace_2Did", "t-1",
                "stowage_9lives", "n"));
    }

    @Test
    void jsSdkReadsWhatStowageUploadedInStagedBlocksOfUnknownLength() {
        byte[] body = StoreUnderTest.randomBytes(5 * 1024 * 1024 + 1, 13);
        try (BlobStore small = BlobStores.open("azure://" + AzuriteEmulator.ACCOUNT + "/" + CONTAINER + "/" + folder
                + "?endpoint=" + azurite.blobEndpoint() + "&blockSize=1&accountKey="
                + URLEncoder.encode(AzuriteEmulator.ACCOUNT_KEY, StandardCharsets.UTF_8))) {
            small.put("blocks.bin", dev.stowage.ContentSource.ofStream(new java.io.ByteArrayInputStream(body),
                    dev.stowage.ContentSource.UNKNOWN_LENGTH), PutOptions.builder().contentType("application/x-blocks")
                    .metadata(Map.of("part-count", "6")).build());
        }
        InteropClient.Result read = js(InteropClient.get(folder + "/blocks.bin"));
        assertThat(read.body()).isEqualTo(body);
        assertThat(read.contentType()).isEqualTo("application/x-blocks");
        assertThat(read.metadata()).isEqualTo(Map.of("stowage_part_2dcount", "6"));
    }

    @Test
    void stowageReadsWhatJsSdkWroteWithEveryMetadataNameAsWritten() {
        Map<String, String> metadata = new LinkedHashMap<>();
        for (String name : new String[] {"is_xml", "double__under", "a_x", "a_b", "a__b", "plain", "camelCase",
                "_n9", "owner_xid", "stowage_x"}) {
            metadata.put(name, "value of " + name);
        }
        byte[] body = StoreUnderTest.randomBytes(5_000, 3);
        js(InteropClient.put(folder + "/from-js.bin", body, "application/x-thing", "no-cache", metadata)).orThrow();

        BlobInfo stat = store.stat("from-js.bin");
        assertThat(stat.contentType()).isEqualTo("application/x-thing");
        assertThat(stat.cacheControl()).isEqualTo("no-cache");
        Map<String, String> expected = new LinkedHashMap<>();
        metadata.forEach((k, v) -> expected.put(k.toLowerCase(java.util.Locale.ROOT), v));
        assertThat(stat.userMetadata()).isEqualTo(expected);
        assertThat(store.getBytes("from-js.bin")).isEqualTo(body);
        assertThat(store.list(ListOptions.all()).toList()).singleElement()
                .satisfies(e -> assertThat(e.info().userMetadata()).isEqualTo(expected));
    }

    @Test
    void metadataSurvivesAStowageCopyOfWhatJsSdkWrote() {
        js(InteropClient.put(folder + "/src.txt", "x".getBytes(StandardCharsets.UTF_8), "text/plain", null,
                Map.of("is_xml", "1", "a__b", "2"))).orThrow();
        store.copy("src.txt", "dst.txt");
        assertThat(js(InteropClient.list(folder + "/dst.txt")).listedMetadata(folder + "/dst.txt"))
                .isEqualTo(Map.of("is_xml", "1", "a__b", "2"));
    }

    @Test
    void keyWithBackslashIsRefusedBecauseAzureStoresItAsSlash() {
        js(InteropClient.put(folder + "/back\\slash.txt", "js".getBytes(StandardCharsets.UTF_8), "text/plain", null,
                null)).orThrow();
        // what the JS SDK wrote as back\slash.txt is stored as back/slash.txt
        assertThat(store.list(ListOptions.all()).map(e -> e.key()).toList()).containsExactly("back/slash.txt");
        assertThatThrownBy(() -> store.put("back\\slash.txt", "x".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("back\\slash.txt").contains("'\\'").contains("'/'");
                });
        assertThatThrownBy(() -> store.stat("back\\slash.txt")).isInstanceOf(StorageException.class);
        assertThat(store.getBytes("back/slash.txt")).isEqualTo("js".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keysInTheWildWrittenByJsSdkAreListedReadAndCopied() {
        js(List.of(
                InteropClient.put(folder + "/photos/", new byte[0], "application/x-directory", null, null),
                InteropClient.put(folder + "/photos/cat.jpg", "cat".getBytes(StandardCharsets.UTF_8), "image/jpeg",
                        null, null),
                InteropClient.put(folder + "/a//double.txt", "double".getBytes(StandardCharsets.UTF_8), "text/plain",
                        null, null))).forEach(InteropClient.Result::orThrow);

        assertThat(store.list(ListOptions.all()).map(e -> e.key()).toList())
                .containsExactly("a//double.txt", "photos/", "photos/cat.jpg");
        assertThat(store.getBytes("photos/")).isEmpty();
        assertThat(store.stat("photos/").contentType()).isEqualTo("application/x-directory");
        assertThat(store.getBytes("a//double.txt")).isEqualTo("double".getBytes(StandardCharsets.UTF_8));
        store.copy("a//double.txt", "copy//double.txt");
        store.copy("photos/", "copy/photos/");
        assertThat(js(InteropClient.list(folder + "/copy/")).keys())
                .containsExactly(folder + "/copy//double.txt", folder + "/copy/photos/");
        assertThat(js(InteropClient.get(folder + "/copy//double.txt")).body())
                .isEqualTo("double".getBytes(StandardCharsets.UTF_8));
    }
}
