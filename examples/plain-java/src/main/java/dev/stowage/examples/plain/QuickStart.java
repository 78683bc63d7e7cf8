package dev.stowage.examples.plain;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ContentSource;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * Opens a store by URI, writes two objects, reads one back, lists a folder and prints public URLs.
 *
 * <pre>
 * java -cp ... dev.stowage.examples.plain.QuickStart 'file:///tmp/demo?publicUrlBase=https://cdn.example.com/'
 * java -cp ... dev.stowage.examples.plain.QuickStart 's3://my-bucket/demo?region=eu-west-1'   # with storage-s3
 * </pre>
 */
public final class QuickStart {
    private QuickStart() {
    }

    public static void main(String[] args) throws IOException {
        String uri = args.length > 0 ? args[0]
                : Files.createTempDirectory("stowage-quickstart").toUri() + "?publicUrlBase=https://cdn.example.com/";
        run(uri, System.out);
    }

    static void run(String uri, PrintStream out) throws IOException {
        // A store is thread-safe and holds connections: open it once, close it when the application stops.
        try (BlobStore store = BlobStores.open(uri)) {
            BlobInfo written = store.put("notes/hello.txt",
                    "Hello, Stowage".getBytes(StandardCharsets.UTF_8));
            out.println("put " + written.key() + " (" + written.size() + " bytes, etag " + written.etag() + ")");
            store.put("notes/todo.md", ContentSource.ofBytes("- try it".getBytes(StandardCharsets.UTF_8)),
                    PutOptions.builder().contentType("text/markdown").build());

            try (BlobInputStream in = store.get("notes/hello.txt")) {
                out.println("get " + in.info().key() + ": " + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }

            // listings are lazy streams that page on demand: close them (or consume them) like any stream
            try (var entries = store.list(ListOptions.builder().prefix("notes/").build())) {
                List<ListEntry> all = entries.toList();
                all.forEach(e -> out.println("list " + e));
            }

            out.println("public URL " + store.publicUrl("notes/hello.txt"));

            try {
                store.stat("notes/missing.txt");
            } catch (StorageException e) {
                out.println("stat notes/missing.txt: " + e.code()); // portable codes, whatever the backend
            }
        }
    }
}
