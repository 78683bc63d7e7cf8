package dev.stowage.gateway.internal;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Answers requests for original bytes: headers and body from one read of one version, a content type from the
 * bytes themselves, and non-images as sandboxed attachments unless the operator allowlists their type.
 */
final class Originals {
    /** Bodies up to this size are read whole and written at once; larger ones are streamed under a permit. */
    private static final long SINGLE_WRITE_BYTES = 256 * 1024;
    private static final int ATTEMPTS = 3;

    private final Sources sources;
    private final Map<String, Set<String>> inlineTypes;
    private final Semaphore streams;
    private final RequestFlow.Common common;

    Originals(Sources sources, Map<String, Set<String>> inlineTypes, int maxStreams, RequestFlow.Common common) {
        this.sources = sources;
        this.inlineTypes = inlineTypes;
        this.streams = new Semaphore(maxStreams);
        this.common = common;
    }

    Answer answer(Exchange ex, ImageRequest ir, boolean head, Policy policy) throws IOException {
        SourceRef ref = ir.source();
        if (Headers.conditional(ex)) {
            Original original = sources.stat(ref, policy);
            if (Headers.notModified(ex, original.etag(), original.info().lastModified())) {
                return new Answer(304, headers(original, ir), Body.EMPTY);
            }
        }
        NeedsIo.unless(false, policy); // bytes of originals are read on a worker
        String rangeHeader = ex.header("Range");
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return read(ex, ir, head, rangeHeader);
            } catch (SourceChanged e) {
                // the object was replaced between the stat that sized the range and the read: plan again
            }
        }
        throw new HttpProblem(503, "the object keeps changing while it is read; try again");
    }

    private Answer read(Exchange ex, ImageRequest ir, boolean head, String rangeHeader) throws IOException {
        SourceRef ref = ir.source();
        BlobInputStream in;
        ByteRange range = null;
        Original original;
        if (rangeHeader != null) {
            original = sources.stat(ref, Policy.BLOCKING);
            BlobInfo info = original.info();
            if (Headers.ifRangeHolds(ex, original.etag())) {
                try {
                    range = HttpRanges.parse(rangeHeader, info.size());
                } catch (HttpRanges.Unsatisfiable e) {
                    Map<String, String> h = Headers.base();
                    h.put("Content-Range", "bytes */" + info.size());
                    return RequestFlow.text(416, "range not satisfiable: the object has " + info.size() + " bytes", h);
                }
            }
            // The headers describe `info`; a read of any other version is refused, so they always match the body.
            in = sources.open(ref, range, original.version()).stream();
        } else {
            Sources.Opened opened = sources.open(ref, null, null);
            in = opened.stream();
            original = opened.original();
        }
        BlobInfo info = original.info();
        boolean ok = false;
        try {
            Map<String, String> h = headers(original, ir);
            byte[] headBytes = new byte[ContentSniffer.HEAD_BYTES];
            int n;
            PushbackInputStream body = new PushbackInputStream(in, ContentSniffer.HEAD_BYTES);
            if (range == null || range.offset() == 0) {
                n = body.readNBytes(headBytes, 0, headBytes.length);
                body.unread(headBytes, 0, n);
            } else {
                try (BlobInputStream first = sources.open(ref, ByteRange.of(0, ContentSniffer.HEAD_BYTES),
                        original.version()).stream()) {
                    n = first.readNBytes(headBytes, 0, headBytes.length);
                }
            }
            contentType(h, ref, original, headBytes, n);
            long length = range == null ? info.size() : range.lengthWithin(info.size());
            if (range != null) {
                h.put("Content-Range", "bytes " + range.offset() + "-" + (range.offset() + length - 1) + "/"
                        + info.size());
            }
            h.put("Content-Length", Long.toString(length));
            int status = range == null ? 200 : 206;
            if (head || length == 0) {
                return new Answer(status, h, Body.EMPTY);
            }
            if (length <= SINGLE_WRITE_BYTES) {
                byte[] bytes = body.readNBytes((int) length);
                if (bytes.length != length) {
                    throw new java.io.EOFException(ref + " ended after " + bytes.length + " of " + length + " bytes");
                }
                return new Answer(status, h, new Body.Bytes(bytes));
            }
            if (!streams.tryAcquire()) {
                throw new HttpProblem(503, "too many responses are being streamed at once; try again shortly");
            }
            ok = true;
            return new Answer(status, h, new Body.Stream(new PermitStream(body, streams), length));
        } finally {
            if (!ok) {
                in.close();
            }
        }
    }

    private Map<String, String> headers(Original original, ImageRequest ir) {
        BlobInfo info = original.info();
        Map<String, String> h = Headers.base();
        String etag = original.etag();
        if (etag != null) {
            h.put("ETag", etag);
        }
        if (info.lastModified() != null) {
            h.put("Last-Modified", Headers.httpDate(info.lastModified()));
        }
        h.put("Cache-Control", common.cacheControl());
        h.put("Accept-Ranges", "bytes");
        Headers.origin(h, original);
        common.link(h, "/" + Headers.encodePath(ir.source().store()) + "/" + Headers.encodePath(ir.source().key()));
        return h;
    }

    /**
     * A raster image's type comes from its bytes. Anything else is downloaded, not rendered, unless its declared
     * type is allowlisted for the store; even then the sandboxing CSP every answer carries keeps scripts from
     * running (an allowlisted SVG still cannot run its script on this origin).
     */
    private void contentType(Map<String, String> h, SourceRef ref, Original original, byte[] head, int n) {
        BlobInfo info = original.info();
        String sniffed = ContentSniffer.imageType(head, n);
        if (sniffed != null) {
            h.put("Content-Type", sniffed);
            return;
        }
        String declared = Headers.declaredType(info.contentType(), ref.key());
        String base = Headers.baseType(declared);
        if (inlineTypes.getOrDefault(ref.store(), Set.of()).contains(base)
                || inlineTypes.getOrDefault(original.origin(), Set.of()).contains(base)) {
            h.put("Content-Type", declared);
            return;
        }
        h.put("Content-Type", "application/octet-stream");
        h.put("Content-Disposition", Headers.attachment(ref.key()));
    }

    int streaming() {
        return common.maxStreams() - streams.availablePermits();
    }

    /** Gives the stream slot back exactly once, when the body is closed. */
    private static final class PermitStream extends FilterInputStream {
        private final Semaphore permits;
        private final AtomicBoolean released = new AtomicBoolean();

        PermitStream(InputStream in, Semaphore permits) {
            super(in);
            this.permits = permits;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                if (released.compareAndSet(false, true)) {
                    permits.release();
                }
            }
        }
    }
}
