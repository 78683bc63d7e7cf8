package dev.stowage.testkit.faults;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.ForwardingDriver;
import dev.stowage.spi.ListPage;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A driver layer whose backend stops answering where a test says, for proving that deadlines end a call wherever it
 * stalls: a {@code stat} that never answers (until interrupted), a listing whose second page never comes (the first
 * promises one), or a body that yields its first byte and then blocks, ignoring interrupts as a socket read does,
 * until it is closed. Used as {@code Layers.driver(store, StallingDriver.at(Stall.SECOND_PAGE))}.
 *
 * <p>What comes before a stall is answered from memory, never from the server under the layer: a deadline test must
 * not fail because a loaded machine or a slow server took longer than the deadline for the part that should pass.
 * Operations with no stall set pass through. It reports one attempt per request, since no SDK sees or retries these
 * stalls.
 */
public final class StallingDriver extends ForwardingDriver {
    /** Where the backend stalls. */
    public enum Stall {
        /** every {@code stat} waits until interrupted */
        STAT,
        /** only the first {@code stat} waits until interrupted; later ones answer at once (size 1) */
        FIRST_STAT,
        /** the first page of a listing ({@code 1.txt} under the prefix) promises a second, which waits */
        SECOND_PAGE,
        /** a body of {@link #BODY_TEXT} yields its first byte, then blocks until closed */
        BODY,
        /** no stall: a body of {@link #BODY_TEXT} answered at once, to be read as slowly as a test likes */
        MEMORY_BODY
    }

    /** The body {@link Stall#BODY} and {@link Stall#MEMORY_BODY} answer. */
    public static final String BODY_TEXT = "0123456789";

    private final Set<Stall> stalls;
    private final AtomicInteger stats = new AtomicInteger();

    private StallingDriver(BlobStoreDriver delegate, Set<Stall> stalls) {
        super(delegate);
        this.stalls = stalls;
    }

    /** The layer stalling at {@code first} and {@code more}. */
    public static UnaryOperator<BlobStoreDriver> at(Stall first, Stall... more) {
        Set<Stall> stalls = EnumSet.of(first, more);
        return d -> new StallingDriver(d, stalls);
    }

    /** How many times {@code stat} was called. */
    public int stats() {
        return stats.get();
    }

    @Override
    public Capabilities capabilities() {
        return super.capabilities().toBuilder().requestAttempts(1).build();
    }

    @Override
    public BlobInfo stat(String key) throws Exception {
        int n = stats.incrementAndGet();
        if (stalls.contains(Stall.STAT) || (stalls.contains(Stall.FIRST_STAT) && n == 1)) {
            new CountDownLatch(1).await(); // an answer that never comes
        }
        if (stalls.contains(Stall.FIRST_STAT)) {
            return BlobInfo.builder(key).size(1).build();
        }
        return super.stat(key);
    }

    @Override
    public ListPage list(ListOptions options, String pageToken) throws Exception {
        if (!stalls.contains(Stall.SECOND_PAGE)) {
            return super.list(options, pageToken);
        }
        if (pageToken == null) {
            return new ListPage(List.of(ListEntry.ofBlob(BlobInfo.builder(options.prefix() + "1.txt").size(1).build())),
                    "stalled-page");
        }
        new CountDownLatch(1).await();
        return super.list(options, pageToken);
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) throws Exception {
        if (!stalls.contains(Stall.BODY) && !stalls.contains(Stall.MEMORY_BODY)) {
            return super.get(key, range);
        }
        byte[] body = BODY_TEXT.getBytes(StandardCharsets.US_ASCII);
        BlobInfo info = BlobInfo.builder(key).size(body.length).build();
        InputStream in = new ByteArrayInputStream(body);
        return new BlobInputStream(stalls.contains(Stall.BODY) ? new StallsAfterFirstByte(in) : in, info, range);
    }

    /** A body that yields its first byte, then blocks (ignoring interrupts, as socket reads do) until closed. */
    private static final class StallsAfterFirstByte extends FilterInputStream {
        private final CountDownLatch closed = new CountDownLatch(1);
        private boolean first = true;

        StallsAfterFirstByte(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (first) {
                first = false;
                return in.read(b, off, 1);
            }
            while (closed.getCount() > 0) {
                try {
                    closed.await();
                } catch (InterruptedException ignored) {
                    // like a socket read: an interrupt does not end it
                }
            }
            throw new IOException("stream closed");
        }

        @Override
        public void close() throws IOException {
            closed.countDown();
            super.close();
        }
    }
}
