package dev.stowage.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ContentSource;
import dev.stowage.ListOptions;
import dev.stowage.testkit.StoreUnderTest;
import dev.stowage.testkit.emulator.SwiftEmulator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Static large objects, segment clean-up and application-credential login, on the real Swift. */
class SwiftLargeObjectTest {
    static SwiftEmulator swift;

    @BeforeAll
    static void startSwift() throws Exception {
        swift = SharedSwift.get();
    }

    private BlobStore open() {
        return BlobStores.open("swift://large/f?authUrl=" + swift.authUrl() + "&applicationCredentialId="
                + SwiftEmulator.APP_CREDENTIAL_ID + "&applicationCredentialSecret="
                + SwiftEmulator.APP_CREDENTIAL_SECRET + "&segmentSize=1048576");
    }

    @Test
    void unknownLengthContentBecomesAStaticLargeObjectWhoseSegmentsAreNotListed() throws Exception {
        byte[] data = StoreUnderTest.randomBytes(3 * 1024 * 1024 + 5, 11);
        try (BlobStore store = open()) {
            store.put("big.bin", ContentSource.ofStream(new ByteArrayInputStream(data), ContentSource.UNKNOWN_LENGTH),
                    null);
            assertThat(store.getBytes("big.bin")).isEqualTo(data);
            assertThat(store.stat("big.bin").size()).isEqualTo(data.length);
            try (var s = store.list(ListOptions.all())) {
                assertThat(s.map(e -> e.key()).toList()).containsExactly("big.bin");
            }
            assertThat(swift.objectNames("large_segments")).hasSize(4);
            store.delete("big.bin");
            assertThat(store.exists("big.bin")).isFalse();
        }
        assertThat(swift.objectNames("large_segments")).isEmpty();
    }

    @Test
    void failedLargeWriteDeletesTheSegmentsItWrote() throws Exception {
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(new byte[2 * 1024 * 1024 + 10]),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("source failed");
                    }
                });
        try (BlobStore store = open()) {
            assertThatThrownBy(() -> store.put("broken.bin", ContentSource.ofStream(failing,
                    ContentSource.UNKNOWN_LENGTH), null)).isNotNull();
            assertThat(store.exists("broken.bin")).isFalse();
        }
        assertThat(swift.objectNames("large_segments")).isEmpty();
    }
}
