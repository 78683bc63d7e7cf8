package dev.stowage.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.ByteRange;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import dev.stowage.layer.Layers;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.ForwardingDriver;
import dev.stowage.spi.ListPage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The driver SPI itself, below the portable layer (as gocloud's drivertest checks a driver directly): what one raw
 * page of a listing holds and how pages end, what a driver reports it stored, and that a raw read is exactly the
 * object. The portable layer completes and checks all this for users; these tests show what a driver must give it.
 */
public interface DriverContract extends StoreUnderTest {

    /** Records what the driver below the portable layer answers. */
    final class Recording extends ForwardingDriver {
        final List<ListPage> pages = new CopyOnWriteArrayList<>();
        final AtomicReference<BlobInfo> lastPut = new AtomicReference<>();
        final AtomicReference<Exception> lastStatFailure = new AtomicReference<>();

        Recording(BlobStoreDriver delegate) {
            super(delegate);
        }

        @Override
        public ListPage list(ListOptions options, String pageToken) throws Exception {
            ListPage page = super.list(options, pageToken);
            pages.add(page);
            return page;
        }

        @Override
        public BlobInfo put(String key, ContentSource content, PutOptions options) throws Exception {
            BlobInfo info = super.put(key, content, options);
            lastPut.set(info);
            return info;
        }

        @Override
        public BlobInfo stat(String key) throws Exception {
            try {
                return super.stat(key);
            } catch (Exception e) {
                lastStatFailure.set(e);
                throw e;
            }
        }
    }

    private BlobStore recorded(Recording[] holder) {
        return Layers.driver(store(), d -> holder[0] = new Recording(d));
    }

    @Test
    default void driverPagesHoldAtMostPageSizeEntriesAndOnlyTheLastEnds() {
        for (String k : List.of("p/a", "p/b", "p/c", "p/d", "p/e")) {
            store().put(k, bytes(k));
        }
        Recording[] r = new Recording[1];
        try (var s = recorded(r).list(ListOptions.builder().prefix("p/").pageSize(2).build())) {
            s.forEach(e -> { });
        }
        List<ListPage> pages = r[0].pages;
        assertThat(pages).isNotEmpty();
        for (int i = 0; i < pages.size(); i++) {
            assertThat(pages.get(i).entries().size()).as("entries of raw page %d", i).isLessThanOrEqualTo(2);
            if (i < pages.size() - 1) {
                assertThat(pages.get(i).nextPageToken()).as("token of raw page %d of %d", i, pages.size()).isNotNull();
            }
        }
        assertThat(pages.get(pages.size() - 1).isLast()).isTrue();
    }

    @Test
    default void driverPutReportsTheSizeItWasSentAndOnlyDigestsItDeclares() {
        assumeCapability(!caps().readOnly(), "writes");
        byte[] data = StoreUnderTest.randomBytes(3_333, 81);
        Recording[] r = new Recording[1];
        recorded(r).put("raw/put.bin", data);
        BlobInfo raw = r[0].lastPut.get();
        assertThat(raw.size()).isEqualTo(data.length);
        assertThat(raw.key()).endsWith("raw/put.bin");
        assertThat(caps().digests()).containsAll(raw.digests().values().keySet());
    }

    @Test
    default void driverReadOfAWholeObjectIsExactlyItsBytes() throws Exception {
        byte[] data = StoreUnderTest.randomBytes(50_001, 82);
        Recording[] r = new Recording[1];
        recorded(r).put("raw/get.bin", data);
        String backendKey = r[0].lastPut.get().key(); // with the store's folder, as the driver sees it
        try (BlobInputStream in = r[0].get(backendKey, (ByteRange) null)) {
            assertThat(in.info().size()).isEqualTo(data.length);
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    default void driverStatOfAMissingKeyTranslatesToNotFound() {
        Recording[] r = new Recording[1];
        BlobStore recorded = recorded(r);
        assertThatThrownBy(() -> recorded.stat("raw/missing.bin")).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        Exception raw = r[0].lastStatFailure.get();
        assertThat(raw).as("the driver's own failure").isNotNull();
        assertThat(r[0].translate(Operation.STAT, "raw/missing.bin", raw).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }
}
