package dev.stowage.transform.internal;

import dev.stowage.transform.ErrorKind;
import dev.stowage.transform.TransformException;

/**
 * Counts the scans of a JPEG from a walk of its markers, without decoding. A progressive JPEG is decoded by
 * passing over the whole image once per scan, so a valid file of a megabyte with ten thousand tiny scans keeps a
 * decoder busy for minutes; libjpeg-turbo's {@code -maxscans} and its fuzzing limits refuse such files the same
 * way. The walk costs one pass over the bytes (about a millisecond per megabyte).
 */
public final class JpegScans {
    private JpegScans() {
    }

    /**
     * Refuses {@code jpeg} with {@link ErrorKind#SOURCE_TOO_COMPLEX} if it has more than {@code max} scans.
     * A malformed marker structure is left for the decoder to report.
     */
    public static void check(byte[] jpeg, int max) {
        int scans = count(jpeg, max + 1);
        if (scans > max) {
            throw new TransformException(ErrorKind.SOURCE_TOO_COMPLEX, "maxJpegScans", "The source is a JPEG with more "
                    + "than " + max + " progressive scans, far beyond what real encoders write; decoding it would "
                    + "take minutes (maxJpegScans)", null);
        }
    }

    /** The number of start-of-scan markers, counting no further than {@code stopAt}. */
    static int count(byte[] d, int stopAt) {
        int scans = 0;
        int p = 2; // after SOI
        int n = d.length;
        while (p + 1 < n && scans < stopAt) {
            if ((d[p] & 0xFF) != 0xFF) {
                return scans; // not at a marker: malformed, the decoder will say so
            }
            int marker = d[p + 1] & 0xFF;
            if (marker == 0xFF) {
                p++; // fill byte
                continue;
            }
            p += 2;
            if (marker == 0xD9) {
                return scans; // EOI
            }
            if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
                continue; // TEM, RSTn: no length
            }
            if (p + 1 >= n) {
                return scans;
            }
            int length = ((d[p] & 0xFF) << 8) | (d[p + 1] & 0xFF);
            if (length < 2) {
                return scans;
            }
            p += length;
            if (marker == 0xDA) {
                scans++;
                p = skipEntropyCodedData(d, p);
            }
        }
        return scans;
    }

    /** The position of the first marker after entropy-coded data: not a stuffed 0xFF00 and not a restart marker. */
    private static int skipEntropyCodedData(byte[] d, int p) {
        int n = d.length;
        while (p + 1 < n) {
            if ((d[p] & 0xFF) != 0xFF) {
                p++;
                continue;
            }
            int next = d[p + 1] & 0xFF;
            if (next == 0x00 || next >= 0xD0 && next <= 0xD7 || next == 0xFF) {
                p += next == 0xFF ? 1 : 2;
                continue;
            }
            return p;
        }
        return n;
    }
}
