package dev.stowage.bench;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ContentSource;
import dev.stowage.PutOptions;
import dev.stowage.testkit.emulator.FtpServerEmulator;
import dev.stowage.testkit.emulator.SftpServerEmulator;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;

/**
 * The FTP and SFTP drivers against their raw client libraries (Apache Commons Net, JSch) on the same embedded
 * servers (Apache FtpServer, Apache MINA SSHD), in one process: put and get of a 64 MiB object, then 32 concurrent
 * 1 MiB puts whose contents are all read back and checked. The driver's put writes a temporary file and renames
 * it; the raw client writes the final name directly.
 *
 * <p>Run: {@code ./mvnw -q -pl storage-bench -am package -DskipTests && java -cp storage-bench/target/benchmarks.jar
 * dev.stowage.bench.FtpSftpBenchmark}
 */
public final class FtpSftpBenchmark {
    private static final int SIZE = 64 << 20;
    private static final int BUFFER = 256 * 1024;
    private static final int WARMUP = 1;
    private static final int ROUNDS = 7;

    private FtpSftpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        byte[] data = new byte[SIZE];
        new Random(1).nextBytes(data);
        double mib = SIZE / (1024.0 * 1024.0);
        try (FtpServerEmulator ftp = FtpServerEmulator.start()) {
            ftp(ftp, data, mib);
        }
        try (SftpServerEmulator sftp = SftpServerEmulator.start()) {
            sftp(sftp, data, mib);
        }
    }

    private static void ftp(FtpServerEmulator server, byte[] data, double mib) throws Exception {
        FTPClient raw = new FTPClient();
        // the same buffer sizes the driver uses, so the comparison is about the driver, not the tuning
        raw.setBufferSize(BUFFER);
        raw.setSendDataSocketBufferSize(BUFFER);
        raw.setReceieveDataSocketBufferSize(BUFFER);
        raw.connect("127.0.0.1", server.port());
        raw.login(FtpServerEmulator.USER, FtpServerEmulator.PASSWORD);
        raw.setFileType(FTP.BINARY_FILE_TYPE);
        raw.enterLocalPassiveMode();
        raw.makeDirectory("raw");
        try (BlobStore store = BlobStores.open(server.uri("bench"))) {
            System.out.println("== FTP: driver vs Commons Net FTPClient, 64 MiB, Apache FtpServer on loopback ==");
            Ratio.compare("ftp put 64 MiB", "MiB", mib, WARMUP, ROUNDS,
                    "FTPClient", () -> check(raw.storeFile("raw/obj", new ByteArrayInputStream(data)), "STOR"),
                    "stowage put", () -> store.put("obj", ContentSource.ofBytes(data), PutOptions.defaults()));
            Ratio.compare("ftp get 64 MiB", "MiB", mib, WARMUP, ROUNDS,
                    "FTPClient", () -> check(raw.retrieveFile("raw/obj", OutputStream.nullOutputStream()), "RETR"),
                    "stowage get", () -> drain(store, "obj"));
            concurrentPuts("ftp", store);
        } finally {
            raw.disconnect();
        }
    }

    private static void sftp(SftpServerEmulator server, byte[] data, double mib) throws Exception {
        JSch jsch = new JSch();
        jsch.setKnownHosts(server.knownHosts().toString());
        Session session = jsch.getSession(SftpServerEmulator.USER, "127.0.0.1", server.port());
        session.setPassword(SftpServerEmulator.PASSWORD);
        session.connect();
        ChannelSftp raw = (ChannelSftp) session.openChannel("sftp");
        raw.connect();
        raw.mkdir("/raw");
        try (BlobStore store = BlobStores.open(server.uri("bench"))) {
            System.out.println("== SFTP: driver vs JSch ChannelSftp, 64 MiB, Apache MINA SSHD on loopback ==");
            Ratio.compare("sftp put 64 MiB", "MiB", mib, WARMUP, ROUNDS,
                    "ChannelSftp", () -> raw.put(new ByteArrayInputStream(data), "/raw/obj"),
                    "stowage put", () -> store.put("obj", ContentSource.ofBytes(data), PutOptions.defaults()));
            Ratio.compare("sftp get 64 MiB", "MiB", mib, WARMUP, ROUNDS,
                    "ChannelSftp", () -> raw.get("/raw/obj", OutputStream.nullOutputStream()),
                    "stowage get", () -> drain(store, "obj"));
            concurrentPuts("sftp", store);
        } finally {
            raw.disconnect();
            session.disconnect();
        }
    }

    private static void check(boolean ok, String command) {
        if (!ok) {
            throw new IllegalStateException(command + " failed");
        }
    }

    /** Reads an object through with the same 256 KiB buffer that FTPClient.retrieveFile copies with. */
    private static void drain(BlobStore store, String key) throws Exception {
        byte[] buf = new byte[BUFFER];
        try (BlobInputStream in = store.get(key)) {
            while (in.read(buf) >= 0) {
                // discard, as the raw clients write to a null stream
            }
        }
    }

    /** 32 threads each put a distinct 1 MiB object at once; every object is then read back and compared. */
    private static void concurrentPuts(String name, BlobStore store) throws Exception {
        int n = 32;
        byte[][] contents = new byte[n][];
        for (int i = 0; i < n; i++) {
            contents[i] = new byte[1 << 20];
            new Random(100 + i).nextBytes(contents[i]);
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                puts.add(pool.submit(() -> store.put("concurrent/obj-" + k, contents[k])));
            }
            for (Future<?> f : puts) {
                f.get();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            int intact = 0;
            for (int i = 0; i < n; i++) {
                byte[] back = store.getBytes("concurrent/obj-" + i);
                if (Arrays.equals(sha256(back), sha256(contents[i]))) {
                    intact++;
                }
            }
            System.out.printf(Locale.ROOT, "%-44s %d of %d objects intact, %.2f s (%.1f MiB/s)%n",
                    name + " 32 concurrent 1 MiB puts", intact, n, secs, n / secs);
            if (intact != n) {
                throw new IllegalStateException((n - intact) + " objects were not written whole");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }
}
