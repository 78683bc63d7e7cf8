package dev.stowage.bunny;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ContentSource;
import dev.stowage.DigestAlgorithm;
import dev.stowage.ErrorCode;
import dev.stowage.ListOptions;
import dev.stowage.StorageException;
import dev.stowage.testkit.StoreUnderTest;
import dev.stowage.testkit.emulator.BunnyFake;
import dev.stowage.testkit.faults.StalledReads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Faults and edge cases of the Bunny driver against {@link BunnyFake}, with WireMock faults in front of it. */
class BunnyFaultTest {
    private BunnyFake fake;

    @BeforeEach
    void start() {
        fake = BunnyFake.start("zone", "pw");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private BlobStore open(String extra) {
        return BlobStores.open("bunny://zone/f?endpoint=" + fake.baseUrl() + "&accessKey=pw" + extra);
    }

    @Test
    void serverStoringOtherBytesThanSentIsCorruptDataAndLeavesNothing() {
        fake.damageStoredBytes(b -> {
            if (b.length > 0) {
                b[0] ^= 1;
            }
            return b;
        });
        try (BlobStore store = open("")) {
            assertThatThrownBy(() -> store.put("a.bin", new byte[] {1, 2, 3}))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA);
                        assertThat(e.getMessage()).contains("SHA-256").contains("deleted");
                    });
            assertThat(store.exists("a.bin")).isFalse();
        }
        assertThat(fake.filePaths()).isEmpty();
    }

    @Test
    void serverStoringFewerBytesThanSentIsCorruptDataAndLeavesNothing() {
        fake.damageStoredBytes(b -> Arrays.copyOf(b, b.length / 2));
        try (BlobStore store = open("")) {
            assertThatThrownBy(() -> store.put("a.bin", new byte[100]))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA);
                        assertThat(e.getMessage()).contains("50 bytes where 100 were sent");
                    });
        }
        assertThat(fake.filePaths()).isEmpty();
    }

    @Test
    void putStatAndListReportTheSha256TheServerReportsStored() throws Exception {
        byte[] data = StoreUnderTest.randomBytes(5000, 1);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        try (BlobStore store = open("")) {
            assertThat(store.put("d.bin", data).digests().get(DigestAlgorithm.SHA256)).contains(sha);
            assertThat(store.stat("d.bin").digests().get(DigestAlgorithm.SHA256)).contains(sha);
            assertThat(store.list(ListOptions.all()).toList().get(0).info().digests()
                    .get(DigestAlgorithm.SHA256)).contains(sha);
            // a get reports none: its lookup and download are two requests, and it checks the bytes itself
            try (dev.stowage.BlobInputStream in = store.get("d.bin")) {
                assertThat(in.info().digests().isEmpty()).isTrue();
                assertThat(in.info().etag()).isEqualTo(sha);
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
        }
    }

    @Test
    void oneShotStreamLargerThanTheMemoryLimitIsSpooledAndTheSpoolDeleted() throws IOException {
        byte[] data = StoreUnderTest.randomBytes(3 * 1024 * 1024 + 7, 2);
        List<Path> before = spools();
        try (BlobStore store = open("")) {
            store.put("big.bin", ContentSource.ofStream(new ByteArrayInputStream(data), ContentSource.UNKNOWN_LENGTH),
                    null);
            assertThat(store.getBytes("big.bin")).isEqualTo(data);
            assertThat(store.stat("big.bin").size()).isEqualTo(data.length);
        }
        assertThat(spools()).isEqualTo(before);
    }

    @Test
    void failedUploadOfASpooledStreamDeletesTheSpool() throws IOException {
        List<Path> before = spools();
        InputStream failing = new InputStream() {
            private int left = 2 * 1024 * 1024;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("source broke");
                }
                return 7;
            }
        };
        try (BlobStore store = open("")) {
            assertThatThrownBy(() -> store.put("x.bin", ContentSource.ofStream(failing,
                    ContentSource.UNKNOWN_LENGTH), null)).isInstanceOf(StorageException.class);
            assertThat(store.exists("x.bin")).isFalse();
        }
        assertThat(spools()).isEqualTo(before);
    }

    private static List<Path> spools() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("stowage-bunny-")).sorted().toList();
        }
    }

    @Test
    void deletingAKeyNamedLikeAFolderKeepsTheFolderAndEverythingInIt() {
        try (BlobStore store = open("")) {
            store.put("photos/cat.jpg", new byte[] {1});
            store.put("photos/2024/dog.jpg", new byte[] {2});
            store.delete("photos");
            store.delete("photos/2024");
            assertThat(store.exists("photos/cat.jpg")).isTrue();
            assertThat(store.exists("photos/2024/dog.jpg")).isTrue();
        }
        assertThat(fake.filePaths()).containsExactly("f/photos/2024/dog.jpg", "f/photos/cat.jpg");
    }

    @Test
    void emptyFoldersLeftByDeletesAreNotListedAsPrefixes() {
        try (BlobStore store = open("")) {
            store.put("gone/a.txt", new byte[] {1});
            store.put("kept/b.txt", new byte[] {1});
            store.delete("gone/a.txt");
            assertThat(fake.folderPaths()).contains("f/gone/");
            assertThat(store.list(ListOptions.builder().delimiter("/").build()).map(e -> e.key()).toList())
                    .containsExactly("kept/");
        }
    }

    @Test
    void wrongAccessKeyIsUnauthenticatedAndNeverShown() {
        try (BlobStore store = BlobStores.open("bunny://zone/f?endpoint=" + fake.baseUrl()
                + "&accessKey=wr0ng-pa55word")) {
            assertThatThrownBy(() -> store.put("a", new byte[1])).isInstanceOfSatisfying(StorageException.class,
                    e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
                        assertThat(e.getMessage()).doesNotContain("wr0ng-pa55word");
                    });
            assertThat(store.toString()).doesNotContain("wr0ng-pa55word");
            assertThat(store.unwrap(dev.stowage.spi.BlobStoreDriver.class).orElseThrow().toString())
                    .doesNotContain("wr0ng-pa55word");
        }
    }

    @Test
    void accessKeyComesFromAnEnvironmentReferenceAndIsRequired() {
        assertThatThrownBy(() -> BlobStores.open("bunny://zone/f?endpoint=" + fake.baseUrl()))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
                    assertThat(e.getMessage()).contains("accessKey").contains("storage zone's password");
                });
        assertThatThrownBy(() -> BlobStores.open("bunny://zone/f?accessKey=${env:STOWAGE_NO_SUCH_VARIABLE_42}"))
                .hasMessageContaining("STOWAGE_NO_SUCH_VARIABLE_42");
    }

    @Test
    void unknownRegionIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> BlobStores.open("bunny://zone?accessKey=pw&region=mars"))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
                    assertThat(e.getMessage()).contains("'mars'").contains("ny").contains("syd");
                });
    }

    @Test
    void requestTimeoutMustBePositive() {
        assertThatThrownBy(() -> open("&requestTimeout=0s")).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
            assertThat(e.getMessage()).contains("requestTimeout");
        });
    }

    @Test
    void tokenKeyWithoutAPullZoneOrPublicBaseIsRefused() {
        assertThatThrownBy(() -> open("&tokenKey=k")).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
            assertThat(e.getMessage()).contains("pullZone").doesNotContain("tokenKey=k");
        });
    }

    @Test
    void putBelowAFileIsRefusedNamingTheFile() {
        try (BlobStore store = open("")) {
            store.put("k", new byte[] {1});
            assertThatThrownBy(() -> store.put("k/x/y", new byte[] {2})).isInstanceOfSatisfying(
                    StorageException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
                        assertThat(e.getMessage()).contains("'f/k' is a file");
                    });
        }
    }

    // @Timeout guards against the hang under test, on its own thread because a read blocked in the JDK client ignores
    // interrupts; the assertions do not depend on timing.
    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void downloadWhoseAnswerNeverComesIsRetryableUnavailableNamingRequestTimeout() {
        try (BlobStore store = open("&requestTimeout=1s")) {
            store.put("a", new byte[1000]);
            fake.wireMock().stubFor(get(urlEqualTo("/zone/f/a")).atPriority(1)
                    .willReturn(aResponse().withStatus(200).withFixedDelay(20_000).withBody(new byte[1000])));
            StalledReads.unansweredGetFails(store, "a", "requestTimeout");
        }
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void downloadStallingMidBodyFailsTheReadWithRetryableUnavailable() throws Exception {
        try (MidBodyStallServer stalling = new MidBodyStallServer();
             BlobStore store = BlobStores.open("bunny://zone?endpoint=" + stalling.url()
                     + "&accessKey=pw&requestTimeout=1s")) {
            StalledReads.midBodyStallFailsTheRead(store, "a", "requestTimeout", "1s");
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void downloadStallingMidBodyFailsAtTheStoresDeadlineBeforeItsReadTimeout() throws Exception {
        try (MidBodyStallServer stalling = new MidBodyStallServer();
             BlobStore store = BlobStores.open("bunny://zone?endpoint=" + stalling.url()
                     + "&accessKey=pw&requestTimeout=120s&deadline=5s")) {
            StalledReads.midBodyStallFailsAtTheDeadline(store, "a");
        }
    }

    /**
     * Bunny lists one folder per request and walks from the start for each page: over a/1, b/1 and c/1 in pages of
     * two, folder c/ is first read for the second page, and that read never gets an answer.
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void listingWhoseSecondPageNeverComesFailsAtTheStoresDeadline() {
        try (BlobStore store = open("&requestTimeout=120s&deadline=5s")) {
            for (String key : List.of("a/1", "b/1", "c/1")) {
                store.put(key, new byte[] {1});
            }
            fake.wireMock().stubFor(get(urlEqualTo("/zone/f/c/")).atPriority(1)
                    .willReturn(aResponse().withStatus(200).withFixedDelay(90_000)));
            StalledReads.secondPageStallFailsAtTheDeadline(store, "a/1", "b/1");
        }
    }

    @Test
    void withoutDescribeEveryLookupReadsTheFolderListingInstead() {
        fake.refuseDescribe();
        try (BlobStore store = open("")) {
            store.put("dir/a.txt", new byte[] {1, 2});
            store.put("dir/sub/b.txt", new byte[] {3});
            assertThat(store.stat("dir/a.txt").size()).isEqualTo(2);
            assertThat(store.getBytes("dir/a.txt")).containsExactly(1, 2);
            assertThat(store.exists("dir/sub")).isFalse();
            store.delete("dir/sub");
            assertThat(store.exists("dir/sub/b.txt")).isTrue();
            store.delete("dir/a.txt");
            assertThat(store.exists("dir/a.txt")).isFalse();
            fake.damageStoredBytes(b -> Arrays.copyOf(b, b.length + 1));
            assertThatThrownBy(() -> store.put("dir/c.txt", new byte[] {4}))
                    .isInstanceOfSatisfying(StorageException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA));
        }
        assertThat(fake.filePaths()).containsExactly("f/dir/sub/b.txt");
        fake.wireMock().verify(1, com.github.tomakehurst.wiremock.client.WireMock.requestedFor("DESCRIBE",
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
    }

    @Test
    void regionPicksTheDocumentedStorageHostAndFalkensteinIsTheDefault() {
        Map<String, String> hosts = Map.of("", "https://storage.bunnycdn.com", "&region=de",
                "https://storage.bunnycdn.com", "&region=NY", "https://ny.storage.bunnycdn.com", "&region=syd",
                "https://syd.storage.bunnycdn.com", "&region=jh", "https://jh.storage.bunnycdn.com");
        hosts.forEach((option, host) -> {
            try (BlobStore store = BlobStores.open("bunny://zone?accessKey=pw" + option)) {
                assertThat(store.unwrap(dev.stowage.spi.BlobStoreDriver.class).orElseThrow().toString())
                        .as(option).contains(" at " + host + "]").doesNotContain("pw");
            }
        });
    }
}
