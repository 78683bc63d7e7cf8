package dev.stowage.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// @Timeout only guards against a hang (the behaviour under test); no assertion depends on how long anything took.
@Timeout(30)
class StallTimeoutInputStreamTest {
    private static final Duration LIMIT = Duration.ofMillis(300);

    @Test
    void readBlockedForeverFailsWithTimeoutNamingTheWaitAndTheSetting() throws IOException {
        BlockingStream blocking = new BlockingStream(new byte[0], false);
        try (InputStream in = new StallTimeoutInputStream(blocking, LIMIT, "requestTimeout")) {
            assertThatThrownBy(() -> in.read(new byte[10])).isInstanceOfSatisfying(SocketTimeoutException.class,
                    e -> {
                        assertThat(e.getMessage()).contains("requestTimeout (300ms)").containsPattern("for \\d+ ms");
                        assertThat(e.getCause()).hasMessage("closed");
                    });
        }
        assertThat(blocking.closed.getCount()).isZero();
    }

    @Test
    void stallIsAFailureEvenWhenTheStreamReportsItsAbortAsAnEnd() throws IOException {
        // a stream that answers -1 once closed must not make a stalled body look complete
        try (InputStream in = new StallTimeoutInputStream(new BlockingStream(new byte[] {1, 2}, true), LIMIT,
                "requestTimeout")) {
            assertThat(in.read()).isEqualTo(1);
            assertThat(in.read()).isEqualTo(2);
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
            assertThatThrownBy(() -> in.read(new byte[4])).isInstanceOf(SocketTimeoutException.class);
            assertThatThrownBy(() -> in.skip(4)).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void slowButProgressingStreamIsReadToTheEnd() throws IOException {
        // each byte comes after a sixth of the limit; the whole read takes longer than the limit
        byte[] data = new byte[24];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        try (InputStream in = new StallTimeoutInputStream(new TricklingStream(data, LIMIT.dividedBy(6)), LIMIT,
                "requestTimeout")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void timeBetweenReadsIsNotCounted() throws Exception {
        try (InputStream in = new StallTimeoutInputStream(new ByteArrayInputStream(new byte[] {7, 8}), LIMIT,
                "requestTimeout")) {
            assertThat(in.read()).isEqualTo(7);
            Thread.sleep(LIMIT.multipliedBy(3).toMillis());
            assertThat(in.read()).isEqualTo(8);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void closeFromAnotherThreadEndsABlockedReadWithTheStreamsOwnFailure() throws Exception {
        BlockingStream blocking = new BlockingStream(new byte[0], false);
        InputStream in = new StallTimeoutInputStream(blocking, Duration.ofMinutes(10), "requestTimeout");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                in.read(new byte[10]);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        reader.start();
        assertThat(blocking.reading.await(10, TimeUnit.SECONDS)).isTrue();
        in.close();
        reader.join();
        assertThat(failure.get()).isInstanceOf(IOException.class).isNotInstanceOf(SocketTimeoutException.class)
                .hasMessage("closed");
    }

    @Test
    void aStalledSocketIsUnblocked() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> sendHalfThenStall(server));
            serving.start();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 InputStream in = new StallTimeoutInputStream(client.getInputStream(), LIMIT, "readTimeout")) {
                assertThat(in.readNBytes(500)).hasSize(500);
                assertThatThrownBy(in::readAllBytes).isInstanceOf(SocketTimeoutException.class)
                        .hasMessageContaining("readTimeout");
            }
            serving.join(); // the server sees the client drop the connection
        }
    }

    @Test
    void watchdogLetsGoOfStreamsAndEndsItsThreadWhenNothingIsRead() throws Exception {
        InputStream abandoned = new StallTimeoutInputStream(new ByteArrayInputStream(new byte[] {1, 2}), LIMIT,
                "requestTimeout");
        assertThat(abandoned.read()).isEqualTo(1); // then neither read nor closed again
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((StallTimeoutInputStream.watchedCount() > 0 || watchdogThreadAlive())
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(StallTimeoutInputStream.watchedCount()).isZero();
        assertThat(watchdogThreadAlive()).isFalse();
    }

    @Test
    void limitMustBePositive() {
        InputStream in = new ByteArrayInputStream(new byte[0]);
        assertThatThrownBy(() -> new StallTimeoutInputStream(in, Duration.ZERO, "requestTimeout"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StallTimeoutInputStream(in, Duration.ofSeconds(-1), "requestTimeout"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean watchdogThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("stowage-stall-watchdog") && t.isAlive());
    }

    /** Sends 500 bytes on the first connection, then nothing until the client drops it. */
    private static void sendHalfThenStall(ServerSocket server) {
        try (Socket s = server.accept()) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(new byte[500]);
            out.flush();
            s.getInputStream().read();
        } catch (IOException ignored) {
            // the client dropped the connection or the test ended
        }
    }

    /** Yields its head, then blocks in read until closed, then fails (or ends) as a closed connection does. */
    private static final class BlockingStream extends InputStream {
        final CountDownLatch closed = new CountDownLatch(1);
        final CountDownLatch reading = new CountDownLatch(1);
        private final byte[] head;
        private final boolean endsOnClose;
        private int pos;

        BlockingStream(byte[] head, boolean endsOnClose) {
            this.head = head;
            this.endsOnClose = endsOnClose;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (closed.getCount() == 0) {
                return closedResult();
            }
            if (pos < head.length) {
                b[off] = head[pos++];
                return 1;
            }
            reading.countDown();
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            }
            return closedResult();
        }

        private int closedResult() throws IOException {
            if (endsOnClose) {
                return -1;
            }
            throw new IOException("closed");
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    /** Yields one byte per read, each after a pause. */
    private static final class TricklingStream extends InputStream {
        private final byte[] data;
        private final Duration pause;
        private int pos;

        TricklingStream(byte[] data, Duration pause) {
            this.data = data;
            this.pause = pause;
        }

        @Override
        public int read() throws IOException {
            if (pos == data.length) {
                return -1;
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            }
            return data[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int c = read();
            if (c < 0) {
                return -1;
            }
            b[off] = (byte) c;
            return 1;
        }
    }
}
