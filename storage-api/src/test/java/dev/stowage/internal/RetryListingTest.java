package dev.stowage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stowage.BlobStore;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.StorageException;
import dev.stowage.layer.Layers;
import dev.stowage.layer.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The retry layer over a listing whose later pages fail: pages are fetched lazily, so retries must resume. */
class RetryListingTest {
    private final MemoryDriver driver = new MemoryDriver();
    private final BlobStore store = Layers.retry(new PortableBlobStore("mem", driver, "", null),
            new RetryPolicy(3, Duration.ZERO, Duration.ZERO));

    @Test
    void listingResumesAfterTheLastKeyWhenALaterPageFails() {
        IntStream.range(0, 50).forEach(i -> store.put(String.format("k%02d", i), new byte[1]));
        driver.listCalls.set(0);
        driver.failingListCalls.add(3); // the third page
        List<String> keys;
        try (var s = store.list(ListOptions.builder().pageSize(10).build())) {
            keys = s.map(ListEntry::key).toList();
        }
        assertThat(keys).hasSize(50).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void resumedDelimitedListingDoesNotRepeatACommonPrefix() {
        IntStream.range(0, 6).forEach(i -> store.put("d" + i + "/x", new byte[1]));
        IntStream.range(0, 6).forEach(i -> store.put("d3/y" + i, new byte[1]));
        driver.listCalls.set(0);
        driver.failingListCalls.add(3);
        List<String> keys;
        try (var s = store.list(ListOptions.builder().delimiter("/").pageSize(2).build())) {
            keys = s.map(ListEntry::key).toList();
        }
        assertThat(keys).containsExactly("d0/", "d1/", "d2/", "d3/", "d4/", "d5/");
    }

    @Test
    void listingGivesUpWhenAPageKeepsFailing() {
        IntStream.range(0, 30).forEach(i -> store.put(String.format("k%02d", i), new byte[1]));
        driver.listCalls.set(0);
        driver.failingListCalls.addAll(List.of(2, 3, 4));
        try (var s = store.list(ListOptions.builder().pageSize(10).build())) {
            StorageException e = catchThrowableOfType(() -> s.forEach(x -> { }), StorageException.class);
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        }
        assertThat(driver.listCalls.get()).isEqualTo(4);
    }
}
