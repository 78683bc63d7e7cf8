package dev.stowage.cli;

import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.ByteRange;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import dev.stowage.StoreConfig;
import dev.stowage.StoreRegistry;
import dev.stowage.spi.Errors;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code stowage test-connection}: checks that a configured store opens and that its credentials allow listing,
 * reading and (unless the store is read-only) writing and deleting, printing each check with the reason it failed.
 */
@Command(name = "test-connection", mixinStandardHelpOptions = true,
        description = {"Checks a configured store's credentials and permissions.", "",
                "Opens the store, lists its root, reads an object and, unless the store is read-only, writes, "
                        + "reads back and deletes a small probe object. Each check prints as OK, FAILED (with the "
                        + "error code, detail and hint) or SKIPPED. Exit status 1 when any check failed."})
final class TestConnectionCommand implements Callable<Integer> {
    private static final int SCAN_LIMIT = 1000;

    @ParentCommand
    private StowageCommand top;

    @Parameters(paramLabel = "NAME", description = "A store name from the config file.")
    private String name;

    private PrintStream out;
    private int failed;
    private int run;

    @Override
    public Integer call() {
        out = top.terminal().out();
        StoreRegistry registry = top.registry();
        Optional<StoreConfig> config = registry.config(name);
        if (config.isEmpty()) {
            // the same message as for NAME:key locations, listing the configured names
            top.parser().parse(name + ":", LocationParser.Mode.FOLDER, false);
        }
        out.println("store " + name + " = " + config.get().toSafeUri());
        BlobStore store;
        try {
            store = registry.store(name);
            report("OK", "open", "driver for '" + config.get().scheme() + "' opened");
        } catch (RuntimeException e) {
            report("FAILED", "open", reason(e));
            for (String check : List.of("list", "read", "write", "delete")) {
                report("SKIPPED", check, "the store did not open");
            }
            return finish();
        }
        check("list", () -> {
            try (Stream<ListEntry> page = store.list(ListOptions.builder().delimiter("/").pageSize(10).build())) {
                long n = page.limit(10).count();
                return "listed the root (" + n + (n == 10 ? "+" : "") + (n == 1 ? " entry)" : " entries)");
            }
        });
        check("read", () -> read(store));
        boolean readOnly = store.capabilities().readOnly() || config.get().booleanOption("readOnly", false);
        if (readOnly) {
            report("SKIPPED", "write", "the store is read-only");
            report("SKIPPED", "delete", "the store is read-only");
            return finish();
        }
        String probe = "stowage-probe-" + UUID.randomUUID() + ".txt";
        byte[] content = ("stowage connection test " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8);
        boolean written = check("write", () -> {
            store.put(probe, new java.io.ByteArrayInputStream(content), content.length,
                    PutOptions.builder().contentType(store.capabilities().contentType() ? "text/plain" : null).build());
            byte[] back = store.getBytes(probe);
            if (!Arrays.equals(back, content)) {
                throw StorageException.of(ErrorCode.CORRUPT_DATA, "the probe object read back differs from what was "
                        + "written (" + back.length + " bytes instead of " + content.length + ")");
            }
            return "wrote and read back probe object '" + probe + "'";
        });
        if (!written) {
            report("SKIPPED", "delete", "nothing was written");
            return finish();
        }
        check("delete", () -> {
            store.delete(probe);
            if (store.exists(probe)) {
                throw StorageException.of(ErrorCode.INTERNAL, "the probe object '" + probe
                        + "' still exists after delete");
            }
            return "deleted probe object '" + probe + "'";
        });
        return finish();
    }

    private static String read(BlobStore store) throws Exception {
        Optional<ListEntry> first;
        try (Stream<ListEntry> all = store.list(ListOptions.all())) {
            first = all.limit(SCAN_LIMIT).filter(e -> !e.isPrefix()).findFirst();
        }
        if (first.isEmpty()) {
            String missing = "stowage-probe-missing-" + UUID.randomUUID();
            if (store.exists(missing)) {
                throw StorageException.of(ErrorCode.INTERNAL, "a random key reported as existing");
            }
            return "no object to read; a missing key answered 'not found' as it should";
        }
        String key = first.get().key();
        try (BlobInputStream in = store.get(key, ByteRange.of(0, 1))) {
            int n = in.readAllBytes().length;
            return "read " + n + (n == 1 ? " byte of '" : " bytes of '") + key + "'";
        }
    }

    /** A check's body: returns what it proved, or throws why it failed. */
    private interface Check {
        String run() throws Exception;
    }

    private boolean check(String what, Check check) {
        try {
            report("OK", what, check.run());
            return true;
        } catch (Exception e) {
            report("FAILED", what, reason(e));
            return false;
        }
    }

    /** The code, detail and hint: enough to act on, and no secrets (messages never contain them). */
    private static String reason(Exception e) {
        StorageException se = Errors.classify(e);
        StringBuilder sb = new StringBuilder(se.code().name());
        if (se.detail() != null && !se.detail().isEmpty()) {
            sb.append(": ").append(se.detail());
        }
        if (se.hint() != null && !se.hint().isEmpty()) {
            sb.append(" (hint: ").append(se.hint()).append(')');
        }
        return sb.toString();
    }

    private void report(String status, String check, String text) {
        if (!status.equals("SKIPPED")) {
            run++;
        }
        if (status.equals("FAILED")) {
            failed++;
        }
        out.printf("%-8s %-7s %s%n", status, check, text);
    }

    private int finish() {
        out.println(failed == 0 ? "all " + run + " checks passed" : failed + " of " + run + " checks failed");
        out.flush();
        return failed == 0 ? 0 : ErrorReport.FAILED;
    }
}
