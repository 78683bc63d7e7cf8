package dev.stowage.cli;

import dev.stowage.BlobInfo;
import dev.stowage.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;

/** One side of a copy: a store, or plain local files. Keys are '/'-separated and relative to the side's root. */
interface Endpoint {
    /** The location of a key as the user would write it, for messages. */
    String describe(String key);

    /** Every object below a folder ("" or ending in '/'), recursively and lazily. Close the stream. */
    Stream<String> list(String folder) throws IOException;

    /** Opens an object with its metadata. Close the stream. */
    Opened open(String key) throws IOException;

    /** Writes an object from a stream of the given length, replacing any object under the key. */
    void write(String key, InputStream in, long length, PutOptions options) throws IOException;

    /** An object being read. */
    record Opened(InputStream in, BlobInfo info) {
    }
}
