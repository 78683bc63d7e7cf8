package dev.stowage.internal;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.Keys;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.PublicUrlMapper;
import dev.stowage.PutOptions;
import dev.stowage.SignedUrlOptions;
import dev.stowage.StorageException;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.Deadline;
import dev.stowage.spi.ListPage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The {@link BlobStore} users get: validates input once, applies the configured folder, pages listings,
 * falls back to read + write for copy, maps public URLs, guards stream lengths and puts the store, operation
 * and key into every failure. Drivers behind it only translate.
 */
public final class PortableBlobStore implements BlobStore {
    private final String name;
    private final BlobStoreDriver driver;
    private final KeyPrefix prefix;
    private final PublicUrlMapper configuredMapper;
    private final Capabilities capabilities;
    private final boolean verifyReads;
    /** The budget of each call, or {@code null} for none. */
    private final Duration deadline;
    /**
     * Whether {@link #deadline} covers a whole call (every page of a listing, every read of a returned body), or only
     * each request to the backend (each page on its own; bodies not bounded), as a gateway wants when its clients
     * may read large bodies slowly.
     */
    private final boolean wholeCall;

    /**
     * @param name             the store's name, for messages
     * @param driver           the backend
     * @param folder           a folder inside the backend used as this store's root, or ""
     * @param configuredMapper the configured public URL base (relative to the folder), or {@code null}
     */
    public PortableBlobStore(String name, BlobStoreDriver driver, String folder, PublicUrlMapper configuredMapper) {
        this(name, driver, folder, configuredMapper, true);
    }

    /**
     * @param verifyReads whether whole reads are checked against the digest the backend reports for the object
     */
    public PortableBlobStore(String name, BlobStoreDriver driver, String folder, PublicUrlMapper configuredMapper,
                             boolean verifyReads) {
        this(name, driver, folder, configuredMapper, verifyReads, null);
    }

    /**
     * @param deadline how long each call may take, pages of listings and reads of returned streams included, or
     *                 {@code null} for no bound
     */
    public PortableBlobStore(String name, BlobStoreDriver driver, String folder, PublicUrlMapper configuredMapper,
                             boolean verifyReads, Duration deadline) {
        this(name, driver, folder, configuredMapper, verifyReads, deadline, true);
    }

    private PortableBlobStore(String name, BlobStoreDriver driver, String folder, PublicUrlMapper configuredMapper,
                              boolean verifyReads, Duration deadline, boolean wholeCall) {
        this.wholeCall = wholeCall;
        if (deadline != null && (deadline.isZero() || deadline.isNegative())) {
            throw new IllegalArgumentException("a deadline must be positive, was " + deadline);
        }
        this.deadline = deadline;
        this.verifyReads = verifyReads;
        this.name = Objects.requireNonNull(name, "name");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.prefix = new KeyPrefix(folder);
        this.configuredMapper = configuredMapper;
        Capabilities native_ = driver.capabilities();
        this.capabilities = native_.toBuilder()
                .publicUrl(configuredMapper != null || driver.defaultPublicBase().isPresent())
                .build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) {
        Keys.validate(key, capabilities);
        Objects.requireNonNull(content, "content");
        refuseWhenReadOnly(Operation.PUT, key);
        PutOptions opts = options == null ? PutOptions.defaults() : options;
        if (opts.isConditional() && !capabilities.conditionalPut()) {
            throw failure(ErrorCode.UNSUPPORTED, Operation.PUT, key,
                    "conditional writes (ifNoneMatch/ifMatch) are not supported by this store", null);
        }
        String backendKey = prefix.add(key);
        Deadline d = startCall();
        ContentSource bounded = d == null || !wholeCall ? content
                : content.mapStream(in -> Deadlines.bound(in, d, Operation.PUT, name, key));
        Integrity.DigestingSource source = new Integrity.DigestingSource(exactLength(bounded, key),
                driver.putDigests(content.length()));
        BlobInfo stored;
        try {
            stored = Deadlines.call(d, Operation.PUT, () -> driver.put(backendKey, source.content(), opts));
        } catch (Exception e) {
            throw translate(Operation.PUT, key, e);
        }
        Optional<Integrity.Sent> sent = source.sent();
        Optional<String> mismatch = sent.flatMap(s -> Integrity.storedMismatch(s, stored));
        if (mismatch.isPresent()) {
            throw Integrity.corruptWrite(name, key, mismatch.get(), removeQuietly(backendKey));
        }
        return prefix.strip(stored);
    }

    /** Deletes an object a failed write left behind; whether it is gone. */
    private boolean removeQuietly(String backendKey) {
        try {
            driver.delete(backendKey);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private ContentSource exactLength(ContentSource content, String key) {
        long length = content.length();
        if (length < 0) {
            return content;
        }
        return content.mapStream(in -> new ExactLengthInputStream(in, length, detail -> new IllegalArgumentException(
                "content for '" + key + "' does not match its declared length: " + detail)));
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) {
        Keys.validate(key, capabilities);
        Deadline d = startCall();
        BlobInputStream raw;
        try {
            raw = range != null && !range.toEnd() && range.length() == 0
                    // HTTP cannot ask for zero bytes; the object must still exist
                    ? new BlobInputStream(InputStream.nullInputStream(),
                            Deadlines.call(d, Operation.GET, () -> driver.stat(prefix.add(key))), range)
                    : Deadlines.call(d, Operation.GET, () -> driver.get(prefix.add(key), range));
        } catch (Exception e) {
            StorageException se = translate(Operation.GET, key, e);
            if (se.code() != ErrorCode.INVALID_ARGUMENT || range == null || range.offset() != 0) {
                throw se;
            }
            raw = emptyObject(key, range, d).orElseThrow(() -> se);
        }
        BlobInfo info = prefix.strip(raw.info());
        if (range != null && range.offset() > 0 && range.offset() >= info.size()) {
            closeQuietly(raw);
            throw failure(ErrorCode.INVALID_ARGUMENT, Operation.GET, key, "range " + range
                    + " starts at or past the end of the object (size " + info.size() + ")", null);
        }
        long expected = range == null ? info.size() : range.lengthWithin(info.size());
        InputStream body = ExactLengthInputStream.forRead(wholeCall ? Deadlines.bound(raw, d, Operation.GET, name, key)
                : raw, expected, name, key);
        if (verifyReads && (range == null || (range.offset() == 0 && range.toEnd()))) {
            body = Integrity.verifyingRead(body, info.digests(), name, key);
        }
        return new BlobInputStream(body, info, range);
    }

    /**
     * HTTP backends refuse every range of an empty object as not satisfiable (416), even one starting at 0, which
     * for a caller is just the empty object.
     */
    private Optional<BlobInputStream> emptyObject(String key, ByteRange range, Deadline d) {
        try {
            BlobInfo info = Deadlines.call(d, Operation.GET, () -> driver.stat(prefix.add(key)));
            return info.size() == 0 ? Optional.of(new BlobInputStream(InputStream.nullInputStream(), info, range))
                    : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    @Override
    public BlobInfo stat(String key) {
        Keys.validate(key, capabilities);
        try {
            return prefix.strip(Deadlines.call(startCall(), Operation.STAT, () -> driver.stat(prefix.add(key))));
        } catch (Exception e) {
            throw translate(Operation.STAT, key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        Keys.validate(key, capabilities);
        try {
            Deadlines.call(startCall(), Operation.EXISTS, () -> driver.stat(prefix.add(key)));
            return true;
        } catch (Exception e) {
            StorageException se = translate(Operation.EXISTS, key, e);
            if (se.code() == ErrorCode.NOT_FOUND) {
                return false;
            }
            throw se;
        }
    }

    @Override
    public Stream<ListEntry> list(ListOptions options) {
        ListOptions opts = options == null ? ListOptions.all() : options;
        Keys.validatePrefix(opts.prefix());
        ListOptions backend = prefix.add(opts);
        ListCompletion completion = new ListCompletion(backend);
        Deadline whole = startCall(); // one for the whole listing: every page must come within it
        PagingSpliterator pages = new PagingSpliterator(token -> {
            try {
                Deadline d = wholeCall ? whole : startCall();
                ListPage page = completion.complete(Deadlines.call(d, Operation.LIST, () -> driver.list(backend, token)));
                return prefix.isEmpty() ? page
                        : new ListPage(page.entries().stream().map(prefix::strip).toList(), page.nextPageToken());
            } catch (Exception e) {
                throw translate(Operation.LIST, opts.prefix(), e);
            }
        });
        return StreamSupport.stream(pages, false);
    }

    @Override
    public void delete(String key) {
        Keys.validate(key, capabilities);
        refuseWhenReadOnly(Operation.DELETE, key);
        try {
            Deadlines.call(startCall(), Operation.DELETE, () -> {
                driver.delete(prefix.add(key));
                return null;
            });
        } catch (Exception e) {
            StorageException se = translate(Operation.DELETE, key, e);
            if (se.code() != ErrorCode.NOT_FOUND) {
                throw se;
            }
        }
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) {
        Keys.validate(sourceKey, capabilities);
        Keys.validate(targetKey, capabilities);
        refuseWhenReadOnly(Operation.COPY, targetKey);
        if (capabilities.serverSideCopy()) {
            try {
                return prefix.strip(Deadlines.call(startCall(), Operation.COPY,
                        () -> driver.copy(prefix.add(sourceKey), prefix.add(targetKey))));
            } catch (Exception e) {
                throw translate(Operation.COPY, sourceKey, e);
            }
        }
        try (BlobInputStream in = get(sourceKey)) {
            BlobInfo src = in.info();
            PutOptions opts = PutOptions.builder().contentType(src.contentType()).cacheControl(src.cacheControl())
                    .metadata(src.userMetadata()).build();
            return put(targetKey, ContentSource.ofStream(in, src.size()), opts);
        } catch (IOException e) {
            throw translate(Operation.COPY, sourceKey, e);
        }
    }

    @Override
    public URI publicUrl(String key) {
        Keys.validate(key, capabilities);
        if (configuredMapper != null) {
            return configuredMapper.map(key);
        }
        Optional<URI> base = driver.defaultPublicBase();
        if (base.isEmpty()) {
            throw failure(ErrorCode.UNSUPPORTED, Operation.PUBLIC_URL, key,
                    "this store has no public address", "set the publicUrlBase option to the store's public "
                            + "URL, CNAME or CDN prefix, e.g. publicUrlBase=https://cdn.example.com/");
        }
        return PublicUrlMapper.of(base.get().toString()).map(prefix.add(key));
    }

    @Override
    public URI signedUrl(String key, SignedUrlOptions options) {
        Keys.validate(key, capabilities);
        Objects.requireNonNull(options, "options");
        if (options.method() == SignedUrlOptions.Method.PUT) {
            refuseWhenReadOnly(Operation.SIGNED_URL, key);
        }
        if (!capabilities.signedUrl()) {
            throw failure(ErrorCode.UNSUPPORTED, Operation.SIGNED_URL, key,
                    "this store cannot issue signed URLs", null);
        }
        try {
            return driver.signedUrl(prefix.add(key), options);
        } catch (Exception e) {
            throw translate(Operation.SIGNED_URL, key, e);
        }
    }

    /**
     * This store over {@code layer} applied to its driver: the same name, folder, public URLs and portable checks.
     * The new store shares the driver, so closing it does not close the driver; closing this store does.
     */
    public BlobStore withDriverLayer(java.util.function.UnaryOperator<BlobStoreDriver> layer) {
        BlobStoreDriver layered = layer.apply(new dev.stowage.spi.ForwardingDriver(driver) {
            @Override
            public void close() {
                // shared with the store it was derived from, which closes it
            }
        });
        return new PortableBlobStore(name, layered, prefix.value(), configuredMapper, verifyReads, deadline,
                wholeCall);
    }

    /**
     * This store over {@code layer} applied to its driver, taking the driver over: closing the new store closes it.
     * For layers that replace a store ({@code Layers.readOnly(BlobStores.open(...))}) rather than sit beside it.
     */
    public BlobStore replacingDriver(java.util.function.UnaryOperator<BlobStoreDriver> layer) {
        return new PortableBlobStore(name, layer.apply(driver), prefix.value(), configuredMapper, verifyReads,
                deadline, wholeCall);
    }

    /**
     * This store with each call bounded by {@code budget}: every page of a listing and every read of a returned
     * stream count against the call's budget. The new store takes over the driver: closing it closes the driver.
     */
    public BlobStore withDeadline(Duration budget) {
        Objects.requireNonNull(budget, "budget");
        return new PortableBlobStore(name, driver, prefix.value(), configuredMapper, verifyReads, budget, true);
    }

    /**
     * This store with each request to its backend bounded by {@code budget}: the call that opens a body, each page
     * of a listing on its own, a write as a whole; reading a returned body is not bounded (the driver's own read
     * timeout bounds each wait for data). The new store takes over the driver.
     */
    public BlobStore withRequestDeadline(Duration budget) {
        Objects.requireNonNull(budget, "budget");
        return new PortableBlobStore(name, driver, prefix.value(), configuredMapper, verifyReads, budget, false);
    }

    /**
     * This store rooted at one of its folders: the folder joins the store's own key prefix, so keys are checked,
     * prefixed and stripped once, and public URLs map below the folder. The new store takes over the driver.
     */
    public BlobStore withFolder(String folder) {
        Keys.validatePrefix(folder.endsWith("/") ? folder : folder + "/");
        KeyPrefix sub = new KeyPrefix(folder);
        PublicUrlMapper mapper = configuredMapper == null ? null
                : PublicUrlMapper.of(configuredMapper.base() + PublicUrlMapper.encodePath(sub.value()));
        return new PortableBlobStore(name + "/" + sub.value(), driver, prefix.value() + sub.value(), mapper,
                verifyReads, deadline, wholeCall);
    }

    /** The deadline of a call starting now, or {@code null}. */
    private Deadline startCall() {
        return deadline == null ? null : wholeCall ? Deadline.after(deadline) : Deadline.forRequests(deadline);
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return Optional.of(type.cast(this));
        }
        return driver.unwrap(type);
    }

    @Override
    public void close() {
        try {
            driver.close();
        } catch (Exception e) {
            throw translate(Operation.CLOSE, null, e);
        }
    }

    private StorageException translate(Operation op, String key, Throwable e) {
        StorageException se = driver.translate(op, key, e);
        StorageException.Builder b = se.toBuilder();
        if (se.store() == null) {
            b.store(name);
        }
        if (se.operation() == null) {
            b.operation(op);
        }
        if (se.key() == null) {
            b.key(key);
        }
        return b.build();
    }

    /** Writes to a read-only store are refused here, before any I/O, whatever the operation would read first. */
    private void refuseWhenReadOnly(Operation op, String key) {
        if (capabilities.readOnly()) {
            throw failure(ErrorCode.PERMISSION_DENIED, op, key, "the store is read-only",
                    "remove readOnly from the store's configuration to allow writes");
        }
    }

    private StorageException failure(ErrorCode code, Operation op, String key, String detail, String hint) {
        return StorageException.builder(code, detail).store(name).operation(op).key(key).hint(hint).build();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // already failing with a clearer error
        }
    }

    @Override
    public String toString() {
        return "BlobStore[" + name + "]";
    }
}
