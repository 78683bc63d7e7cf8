package dev.stowage.cli;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ContentSource;
import dev.stowage.DigestAlgorithm;
import dev.stowage.Digests;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import dev.stowage.StoreConfig;
import dev.stowage.local.LocalProvider;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.BlobStoreProvider;
import dev.stowage.spi.DigestingInputStream;
import dev.stowage.spi.ListPage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Test-only scheme {@code corrupting:///folder?corrupt=...}: a local folder behind a driver that stores something
 * other than what it is sent, the way a misbehaving S3-compatible server does. {@code corrupt=frame} stores the
 * body wrapped in aws-chunked framing (the size grows, as seen against a server that does not decode it);
 * {@code corrupt=flip} flips one byte (the size stays). With {@code digests=true} it reports the MD5 and CRC32C of
 * what it really stored (from put, stat and listings), as drivers that learned to fill {@code BlobInfo.digests()} do. With {@code plain=true}
 * it keeps no metadata and refuses metadata options, as an FTP server does. With {@code foreignEtag=true} a put
 * returns an ETag other than the one a later stat reports, as when another writer replaced the object meanwhile.
 * With {@code echo=true} a put reports the size it was sent rather than the size it stored, as drivers that echo
 * the declared length do, so only a later look at the object can tell.
 */
public final class CorruptingProvider implements BlobStoreProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("corrupting");
    }

    @Override
    public Set<String> options() {
        return Set.of("corrupt", "digests", "plain", "foreignEtag", "create", "echo");
    }

    @Override
    public PathRole pathRole() {
        return PathRole.ROOT_FOLDER;
    }

    @Override
    public BlobStoreDriver open(StoreConfig config) throws Exception {
        BlobStoreDriver local = new LocalProvider().open(config);
        return new Driver(local, config.option("corrupt", "none"), config.booleanOption("digests", false),
                config.booleanOption("plain", false), config.booleanOption("foreignEtag", false),
                config.booleanOption("echo", false));
    }

    private record Driver(BlobStoreDriver local, String corrupt, boolean digests, boolean plain, boolean foreignEtag,
                          boolean echo)
            implements BlobStoreDriver {
        @Override
        public Capabilities capabilities() {
            Capabilities c = local.capabilities().toBuilder().serverSideCopy(false).build();
            return plain ? c.toBuilder().userMetadata(false).contentType(false).cacheControl(false).build() : c;
        }

        @Override
        public BlobInfo put(String key, ContentSource content, PutOptions options) throws Exception {
            if (plain && (options.contentType() != null || options.cacheControl() != null
                    || !options.metadata().isEmpty())) {
                throw StorageException.of(ErrorCode.UNSUPPORTED, "this store keeps no metadata");
            }
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            try (InputStream in = content.open()) {
                in.transferTo(sent);
            }
            byte[] stored = mangle(sent.toByteArray());
            BlobInfo info = local.put(key, ContentSource.ofBytes(stored), options);
            if (echo) {
                info = info.toBuilder().size(sent.size()).build();
            }
            if (foreignEtag) {
                // as if another writer replaced the object between this put and the caller's next look at it
                info = info.toBuilder().etag("\"etag-of-the-write\"").build();
            }
            return digests ? info.withDigests(digestsOf(stored)) : info;
        }

        private byte[] mangle(byte[] body) {
            switch (corrupt) {
                case "flip" -> {
                    if (body.length > 0) {
                        body[body.length / 2] ^= 0x20;
                    }
                    return body;
                }
                case "frame" -> {
                    ByteArrayOutputStream framed = new ByteArrayOutputStream();
                    String sig = ";chunk-signature=" + "0".repeat(64) + "\r\n";
                    framed.writeBytes((Integer.toHexString(body.length) + sig).getBytes(StandardCharsets.US_ASCII));
                    framed.writeBytes(body);
                    framed.writeBytes(("\r\n0" + sig + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    return framed.toByteArray();
                }
                default -> {
                    return body;
                }
            }
        }

        private static Digests digestsOf(byte[] stored) throws Exception {
            try (DigestingInputStream in = new DigestingInputStream(new java.io.ByteArrayInputStream(stored),
                    EnumSet.of(DigestAlgorithm.MD5, DigestAlgorithm.CRC32C))) {
                in.transferTo(OutputStream.nullOutputStream());
                return in.digests();
            }
        }

        @Override
        public BlobInputStream get(String key, ByteRange range) throws Exception {
            return local.get(key, range);
        }

        @Override
        public BlobInfo stat(String key) throws Exception {
            BlobInfo info = local.stat(key);
            if (!digests) {
                return info;
            }
            try (BlobInputStream in = local.get(key, null)) {
                return info.withDigests(digestsOf(in.readAllBytes()));
            }
        }

        @Override
        public ListPage list(ListOptions options, String pageToken) throws Exception {
            ListPage page = local.list(options, pageToken);
            if (!digests) {
                return page;
            }
            List<ListEntry> entries = new ArrayList<>();
            for (ListEntry e : page.entries()) {
                entries.add(e.isPrefix() ? e : ListEntry.ofBlob(stat(e.key())));
            }
            return new ListPage(entries, page.nextPageToken());
        }

        @Override
        public void delete(String key) throws Exception {
            local.delete(key);
        }

        @Override
        public void close() throws Exception {
            local.close();
        }
    }
}
