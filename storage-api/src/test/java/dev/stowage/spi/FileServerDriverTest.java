package dev.stowage.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The shared file-server driver over a session held in memory, for what needs a write at an exact moment. */
class FileServerDriverTest {

    /** Files in memory; {@code beforeRead} runs as a transfer begins, after the driver looked the file up. */
    static final class MemorySession implements FileSession {
        final Map<String, byte[]> files = new ConcurrentHashMap<>();
        volatile Runnable beforeRead = () -> { };

        @Override
        public List<Entry> list(String folder) {
            String prefix = folder.isEmpty() ? "" : folder + "/";
            Map<String, Entry> out = new TreeMap<>();
            files.forEach((path, data) -> {
                if (path.startsWith(prefix)) {
                    String rest = path.substring(prefix.length());
                    int slash = rest.indexOf('/');
                    out.put(slash < 0 ? rest : rest.substring(0, slash), slash < 0
                            ? new Entry(rest, false, false, data.length, Instant.EPOCH)
                            : new Entry(rest.substring(0, slash), true, false, 0, Instant.EPOCH));
                }
            });
            return new ArrayList<>(out.values());
        }

        @Override
        public Entry stat(String path) {
            byte[] data = files.get(path);
            return data == null ? null : new Entry(path.substring(path.lastIndexOf('/') + 1), false, false,
                    data.length, Instant.EPOCH);
        }

        @Override
        public boolean mkdir(String path) {
            return true;
        }

        @Override
        public boolean rmdir(String path) {
            return false;
        }

        @Override
        public OutputStream create(String path) {
            return new ByteArrayOutputStream() {
                @Override
                public void close() {
                    files.put(path, toByteArray());
                }
            };
        }

        @Override
        public InputStream read(String path, long offset) throws IOException {
            beforeRead.run();
            byte[] data = files.get(path);
            if (data == null) {
                throw new NoSuchFileException(path);
            }
            InputStream in = new ByteArrayInputStream(data);
            in.skipNBytes(offset);
            return in;
        }

        @Override
        public void rename(String from, String to) throws IOException {
            byte[] data = files.remove(from);
            if (data == null) {
                throw new NoSuchFileException(from);
            }
            files.put(to, data);
        }

        @Override
        public boolean delete(String path) {
            return files.remove(path) != null;
        }
    }

    private final MemorySession session = new MemorySession();
    private final FileServerDriver<MemorySession> driver = new FileServerDriver<MemorySession>(new ConnectionPool<MemorySession>("memory", 1,
            Duration.ofSeconds(5), new ConnectionPool.Connector<MemorySession>() {
                @Override
                public MemorySession connect() {
                    return session;
                }

                @Override
                public boolean isUsable(MemorySession connection) {
                    return true;
                }

                @Override
                public void disconnect(MemorySession connection) {
                }
            })) {
    };

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFileReplacedByALongerOneAsItIsReadFailsInsteadOfBeingCutToTheOldLength() throws Exception {
        driver.put("a.txt", ContentSource.ofBytes(text("old")), PutOptions.defaults());
        session.beforeRead = () -> session.files.put("a.txt", text("a longer new version"));
        try (BlobInputStream in = driver.get("a.txt", null)) {
            assertThat(in.info().size()).isEqualTo(3);
            assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(StorageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA);
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage()).contains("changed while it was read").contains("3 bytes");
            });
        }
    }

    @Test
    void aWholeReadOfAnUnchangedFileAndARangeShortOfTheEndEndCleanly() throws Exception {
        driver.put("a.txt", ContentSource.ofBytes(text("0123456789")), PutOptions.defaults());
        try (BlobInputStream in = driver.get("a.txt", null)) {
            assertThat(in.readAllBytes()).isEqualTo(text("0123456789"));
        }
        try (BlobInputStream in = driver.get("a.txt", ByteRange.of(2, 3))) {
            assertThat(in.readAllBytes()).isEqualTo(text("234"));
        }
        try (BlobInputStream in = driver.get("a.txt", ByteRange.from(7))) {
            assertThat(in.readAllBytes()).isEqualTo(text("789"));
        }
    }
}
