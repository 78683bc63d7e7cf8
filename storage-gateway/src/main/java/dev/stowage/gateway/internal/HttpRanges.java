package dev.stowage.gateway.internal;

import dev.stowage.ByteRange;

/** Reads a single-range {@code Range: bytes=...} header against an object's size (RFC 9110, section 14). */
final class HttpRanges {
    private HttpRanges() {
    }

    /** Thrown when the range cannot be satisfied; the gateway answers 416. */
    static final class Unsatisfiable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsatisfiable() {
            super("range not satisfiable", null, false, false);
        }
    }

    /**
     * The range to serve, or {@code null} to serve the whole object: no header, another unit, several ranges or a
     * malformed header are all answered with the whole object, as the RFC allows.
     *
     * @throws Unsatisfiable when the range starts at or past the end
     */
    static ByteRange parse(String header, long size) {
        if (header == null || !header.regionMatches(true, 0, "bytes=", 0, 6) || header.indexOf(',') >= 0) {
            return null;
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String first = spec.substring(0, dash).trim();
            String last = spec.substring(dash + 1).trim();
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last);
                if (suffix <= 0 || size == 0) {
                    throw new Unsatisfiable();
                }
                long start = Math.max(0, size - suffix);
                return ByteRange.of(start, size - start);
            }
            long start = Long.parseLong(first);
            if (start < 0) {
                return null;
            }
            if (start >= size) {
                throw new Unsatisfiable();
            }
            if (last.isEmpty()) {
                return ByteRange.of(start, size - start);
            }
            long end = Long.parseLong(last);
            if (end < start) {
                return null;
            }
            return ByteRange.of(start, Math.min(end, size - 1) - start + 1);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
