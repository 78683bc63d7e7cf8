package dev.stowage.cli;

import dev.stowage.BlobInfo;
import dev.stowage.Capabilities;
import dev.stowage.DigestAlgorithm;
import dev.stowage.Digests;
import dev.stowage.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.stream.Stream;

/** One side of a copy: a store, or plain local files. Keys are '/'-separated and relative to the side's root. */
interface Endpoint {
    /** The location of a key as the user would write it, for messages (not yet escaped for printing). */
    String describe(String key);

    /** What this side keeps beside the bytes (content type, cache control, user metadata). */
    Capabilities capabilities();

    /**
     * Every object below a folder ("" or ending in '/'), recursively and lazily, in ascending order of the keys'
     * UTF-8 bytes (the order stores list in). Entries this side cannot handle come as {@link Item#skipped}.
     * Close the stream.
     */
    Stream<Item> list(String folder) throws IOException;

    /** Opens an object with its metadata. Close the stream. */
    Opened open(String key) throws IOException;

    /**
     * Writes an object from a stream of the given length, replacing any object under the key, and returns what
     * this side reports it stored.
     */
    BlobInfo write(String key, InputStream in, long length, PutOptions options) throws IOException;

    /** What this side reports it holds under the key, or {@code null} when it holds nothing there. */
    BlobInfo stat(String key) throws IOException;

    /** Deletes an object; a missing one is not an error. */
    void delete(String key) throws IOException;

    /**
     * Digests computed by reading the object here, for sides where reading is cheap compared with a transfer
     * (local files); none where the side can only report what it stored.
     */
    default Digests compute(String key, Set<DigestAlgorithm> algorithms) throws IOException {
        return Digests.none();
    }

    /** An object being read. */
    record Opened(InputStream in, BlobInfo info) {
    }

    /**
     * One listed entry: an object ({@code info} set), or one that is skipped with the reason why. A skip that is
     * an {@code error} (a key the command cannot handle) makes the command exit 1; a notice (a symbolic link not
     * followed) does not.
     */
    record Item(String key, BlobInfo info, String skipReason, boolean error) {
        static Item object(BlobInfo info) {
            return new Item(info.key(), info, null, false);
        }

        static Item failed(String key, String reason) {
            return new Item(key, null, reason, true);
        }

        static Item notice(String key, String reason) {
            return new Item(key, null, reason, false);
        }

        boolean skipped() {
            return skipReason != null;
        }
    }
}
