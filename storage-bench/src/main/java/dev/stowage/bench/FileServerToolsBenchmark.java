package dev.stowage.bench;

import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ContentSource;
import dev.stowage.PutOptions;
import dev.stowage.testkit.emulator.LocalFileServer;
import dev.stowage.testkit.emulator.OpenSshServer;
import dev.stowage.testkit.emulator.VsftpdServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The FTP and SFTP drivers against the native tools on the same Debian servers, side by side in one run: a 200 MiB
 * upload and download, each checked by SHA-256, against {@code curl} on vsftpd (FTP) and OpenSSH's {@code sftp -b}
 * on OpenSSH's sshd (SFTP). Times exclude JVM start and login: the store has a logged-in connection before the
 * clock starts; curl's own {@code time_pretransfer} (connect and login) is subtracted from its total; an sftp batch
 * that only logs in and out is timed each round and subtracted from the transfer's.
 *
 * <p>Needs root and {@code storage-testkit/scripts/install-fileservers.sh}. Run:
 * {@code ./mvnw -q -pl storage-bench -am package -DskipTests && java -cp storage-bench/target/benchmarks.jar
 * dev.stowage.bench.FileServerToolsBenchmark}
 */
public final class FileServerToolsBenchmark {
    private static final int SIZE = 200 << 20;
    private static final int ROUNDS = 5;

    private FileServerToolsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("stowage-bench-");
        Path source = dir.resolve("source.bin");
        String sha = writeRandom(source);
        try {
            try (VsftpdServer ftp = VsftpdServer.start()) {
                ftp(ftp, dir, source, sha);
            }
            try (OpenSshServer ssh = OpenSshServer.start()) {
                sftp(ssh, dir, source, sha);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void ftp(VsftpdServer server, Path dir, Path source, String sha) throws Exception {
        String base = "ftp://" + LocalFileServer.USER + ":" + URLEncoder.encode(LocalFileServer.PASSWORD,
                StandardCharsets.UTF_8) + "@127.0.0.1:" + server.port() + "/%2F" + server.root().toString().substring(1)
                + "/bench/"; // %2F: an absolute path, not one below the login folder
        Path remote = server.root().resolve("bench");
        Path out = dir.resolve("ftp-get.bin");
        double[] toolPut = new double[ROUNDS];
        double[] toolGet = new double[ROUNDS];
        double[] ownPut = new double[ROUNDS];
        double[] ownGet = new double[ROUNDS];
        double[] toolNew = new double[ROUNDS];
        double[] ownNew = new double[ROUNDS];
        try (BlobStore store = BlobStores.open(server.uri("bench") + "?maxConnections=1")) {
            store.exists("warm-up"); // logs in: the pool keeps the connection
            for (int i = 0; i < ROUNDS; i++) {
                toolPut[i] = curl(List.of("--ftp-create-dirs", "-T", source.toString(), base + "curl.bin"));
                verify("curl upload", remote.resolve("curl.bin"), sha);
                toolGet[i] = curl(List.of("-o", out.toString(), base + "curl.bin"));
                verify("curl download", out, sha);
                ownPut[i] = timed(() -> store.put("own.bin", ContentSource.ofPath(source), PutOptions.defaults()));
                verify("stowage put", remote.resolve("own.bin"), sha);
                ownGet[i] = timed(() -> download(store, "own.bin", out));
                verify("stowage get", out, sha);
                // to a new name: no file replaced (ext4 writes a replaced file's successor back at once)
                toolNew[i] = curl(List.of("-T", source.toString(), base + "curl-new.bin"));
                verify("curl upload to a new name", remote.resolve("curl-new.bin"), sha);
                ownNew[i] = timed(() -> store.put("own-new.bin", ContentSource.ofPath(source), PutOptions.defaults()));
                verify("stowage put to a new name", remote.resolve("own-new.bin"), sha);
                Files.delete(remote.resolve("curl-new.bin"));
                Files.delete(remote.resolve("own-new.bin"));
            }
        }
        report("FTP (vsftpd 3.0.3)", "curl", toolPut, toolGet, ownPut, ownGet);
        line("upload, new name", "curl", toolNew, ownNew);
    }

    private static void sftp(OpenSshServer server, Path dir, Path source, String sha) throws Exception {
        Path remote = server.root().resolve("bench");
        Files.createDirectories(remote);
        Files.setOwner(remote, Files.getOwner(server.root()));
        Path out = dir.resolve("sftp-get.bin");
        Path put = Files.writeString(dir.resolve("put.batch"), "put " + source + " " + remote + "/sftp.bin\n");
        Path get = Files.writeString(dir.resolve("get.batch"), "get " + remote + "/sftp.bin " + out + "\n");
        Path noop = Files.writeString(dir.resolve("noop.batch"), "pwd\n");
        double[] toolPut = new double[ROUNDS];
        double[] toolGet = new double[ROUNDS];
        double[] ownPut = new double[ROUNDS];
        double[] ownGet = new double[ROUNDS];
        // password login and the RSA host key: in this shaded jar JSch lacks its Java 15+ (multi-release) classes,
        // ed25519 among them; login is not timed
        String uri = server.uri("bench").replace(server.hostKeyFingerprint("ed25519"),
                server.hostKeyFingerprint("rsa"));
        try (BlobStore store = BlobStores.open(uri + "&maxConnections=1")) {
            store.exists("warm-up");
            for (int i = 0; i < ROUNDS; i++) {
                double login = sftpBatch(server, noop);
                toolPut[i] = sftpBatch(server, put) - login;
                verify("sftp upload", remote.resolve("sftp.bin"), sha);
                toolGet[i] = sftpBatch(server, get) - login;
                verify("sftp download", out, sha);
                ownPut[i] = timed(() -> store.put("own.bin", ContentSource.ofPath(source), PutOptions.defaults()));
                verify("stowage put", remote.resolve("own.bin"), sha);
                ownGet[i] = timed(() -> download(store, "own.bin", out));
                verify("stowage get", out, sha);
            }
        }
        report("SFTP (OpenSSH 9.2 sshd)", "sftp -b", toolPut, toolGet, ownPut, ownGet);
    }

    private interface Task {
        void run() throws Exception;
    }

    private static double timed(Task task) throws Exception {
        long t0 = System.nanoTime();
        task.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void download(BlobStore store, String key, Path out) throws IOException {
        try (BlobInputStream in = store.get(key); OutputStream o = Files.newOutputStream(out)) {
            byte[] buffer = new byte[256 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                o.write(buffer, 0, n);
            }
        }
    }

    /** curl's transfer time: total minus pretransfer (connect, login and the commands before the transfer). */
    private static double curl(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-S", "-w", "%{time_total} %{time_pretransfer}"));
        command.addAll(args);
        String[] times = run(command).strip().split(" ");
        return Double.parseDouble(times[0]) - Double.parseDouble(times[1]);
    }

    private static double sftpBatch(OpenSshServer server, Path batch) throws Exception {
        return timed(() -> run(List.of("sftp", "-q", "-b", batch.toString(), "-i", server.clientKey().toString(),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-P",
                String.valueOf(server.port()), LocalFileServer.USER + "@127.0.0.1")));
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(command.get(0) + " failed: " + output);
        }
        return output;
    }

    private static void report(String title, String tool, double[] toolPut, double[] toolGet, double[] ownPut,
                               double[] ownGet) {
        System.out.println("== " + title + ": stowage vs " + tool + ", 200 MiB, SHA-256 checked, median of "
                + ROUNDS + " ==");
        line("upload, replacing", tool, toolPut, ownPut);
        line("download", tool, toolGet, ownGet);
    }

    private static void line(String what, String tool, double[] toolSeconds, double[] ownSeconds) {
        double t = median(toolSeconds);
        double o = median(ownSeconds);
        double mib = SIZE / (1024.0 * 1024.0);
        System.out.printf(Locale.ROOT, "%-17s %-8s %7.3f s %8.1f MiB/s | stowage %7.3f s %8.1f MiB/s | ratio %.2f%n",
                what, tool, t, mib / t, o, mib / o, t / o);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String writeRandom(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(7);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < SIZE / chunk.length; i++) {
                random.nextBytes(chunk);
                sha.update(chunk);
                out.write(chunk);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void verify(String what, Path file, String expected) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        }
        String got = HexFormat.of().formatHex(sha.digest());
        if (!got.equals(expected)) {
            throw new IllegalStateException(what + ": SHA-256 " + got + " differs from the source's " + expected);
        }
    }
}
