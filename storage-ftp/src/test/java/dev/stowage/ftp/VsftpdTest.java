package dev.stowage.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobInfo;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.testkit.emulator.VsftpdServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What vsftpd (3.0.3, Debian's defaults) does differently from the servers the driver was first written against:
 * LIST reads arguments starting with '-' as ls options, hides dotfiles ({@code force_dot_files=NO}) and gives times
 * to the minute. Each test failed against vsftpd before the driver handled it.
 */
class VsftpdTest {
    static VsftpdServer vsftpd;

    private String folder;

    @BeforeAll
    static void start() {
        vsftpd = VsftpdServer.start();
    }

    @AfterAll
    static void stop() {
        if (vsftpd != null) {
            vsftpd.close();
        }
    }

    private BlobStore open() {
        folder = "v-" + UUID.randomUUID().toString().substring(0, 8);
        return BlobStores.open(vsftpd.uri(folder));
    }

    private static byte[] filled(int size, int value) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void folderNamedLikeAnLsOptionIsStatReadAndListedWhole() {
        try (BlobStore store = open()) {
            store.put("-l/big.bin", filled(100, 1));
            store.put("small.bin", filled(10, 2));
            assertThat(store.stat("-l/big.bin").size()).isEqualTo(100);
            assertThat(store.getBytes("-l/big.bin")).isEqualTo(filled(100, 1));
            try (Stream<ListEntry> all = store.list(ListOptions.all())) {
                assertThat(all.limit(10).map(ListEntry::key).toList()).containsExactly("-l/big.bin", "small.bin");
            }
            store.delete("-l/big.bin");
            assertThat(store.exists("-l/big.bin")).isFalse();
        }
    }

    @Test
    void dotfileKeysArePutStatListedAndDeleted() throws IOException {
        try (BlobStore store = open()) {
            BlobInfo put = store.put(".dotfile", filled(5, 3));
            assertThat(put.size()).isEqualTo(5);
            assertThat(store.stat(".dotfile").size()).isEqualTo(5);
            assertThat(store.getBytes(".dotfile")).isEqualTo(filled(5, 3));
            store.put("dir/.hidden", filled(3, 4));
            try (Stream<ListEntry> all = store.list(ListOptions.all())) {
                assertThat(all.map(ListEntry::key).toList()).containsExactly(".dotfile", "dir/.hidden");
            }
            store.delete(".dotfile");
            store.delete("dir/.hidden");
            try (Stream<Path> left = Files.walk(vsftpd.root().resolve(folder))) {
                assertThat(left.map(p -> p.getFileName().toString())
                        .filter(n -> n.equals(".dotfile") || n.equals(".hidden")).toList()).isEmpty();
            }
        }
    }

    @Test
    void listAndStatGiveTheSameEtagAndTimeForOneVersion() throws IOException {
        try (BlobStore store = open()) {
            store.put("a/x.txt", filled(7, 5));
            BlobInfo stat = store.stat("a/x.txt");
            List<ListEntry> listed;
            try (Stream<ListEntry> all = store.list(ListOptions.all())) {
                listed = all.toList();
            }
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).info().etag()).isEqualTo(stat.etag());
            assertThat(listed.get(0).info().lastModified()).isEqualTo(stat.lastModified());
            assertThat(stat.lastModified().getEpochSecond()).as("the file's time to the second, not LIST's minute")
                    .isEqualTo(Files.getLastModifiedTime(vsftpd.root().resolve(folder).resolve("a/x.txt"))
                            .toInstant().getEpochSecond());
        }
    }

    @Test
    void curlReadsWhatTheDriverWroteAndTheDriverReadsWhatCurlWrote() throws Exception {
        byte[] ours = new byte[300_000];
        new java.util.Random(5).nextBytes(ours);
        byte[] theirs = new byte[200_001];
        new java.util.Random(6).nextBytes(theirs);
        Path work = Files.createTempDirectory("curl-");
        try (BlobStore store = open()) {
            store.put("x/ours.bin", ours);
            String base = "ftp://" + dev.stowage.testkit.emulator.LocalFileServer.USER + ":"
                    + dev.stowage.testkit.emulator.LocalFileServer.PASSWORD + "@127.0.0.1:" + vsftpd.port() + "/%2F"
                    + vsftpd.root().toString().substring(1) + "/" + folder + "/x/";
            curl("-o", work.resolve("ours.bin").toString(), base + "ours.bin");
            assertThat(Files.readAllBytes(work.resolve("ours.bin"))).isEqualTo(ours);
            Files.write(work.resolve("theirs.bin"), theirs);
            curl("-T", work.resolve("theirs.bin").toString(), base + "theirs.bin");
            assertThat(store.getBytes("x/theirs.bin")).isEqualTo(theirs);
            assertThat(store.stat("x/theirs.bin").size()).isEqualTo(theirs.length);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void curl(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(List.of("curl", "-s", "-S"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("skipped: curl is not installed (install-fileservers.sh "
                    + "installs it)");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("curl: " + out).isZero();
    }
}
