package dev.stowage.transform.internal;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The two pieces of metadata a transform needs, read straight from the container without a metadata
 * tree: the EXIF orientation (JPEG APP1, PNG {@code eXIf}, WebP {@code EXIF}) and, for PNG, the embedded ICC
 * profile ({@code iCCP}), which the JDK's PNG reader does not apply. JPEG and WebP profiles are applied by the
 * TwelveMonkeys readers. Anything malformed is ignored: metadata never makes an image fail.
 *
 * @param orientation EXIF orientation 1–8 (1 when absent or invalid)
 * @param iccProfile  the PNG ICC profile bytes, or {@code null}
 */
record SourceMetadata(int orientation, byte[] iccProfile) {
    /** Profiles above this size are ignored; real ones are a few KiB, rarely more than 1 MiB. */
    private static final int MAX_PROFILE_BYTES = 4 << 20;

    static SourceMetadata scan(byte[] data, SourceFormat format) {
        try {
            return switch (format) {
                case JPEG -> new SourceMetadata(jpegOrientation(data), null);
                case PNG -> scanPng(data);
                case WEBP -> new SourceMetadata(webpOrientation(data), null);
                default -> new SourceMetadata(1, null);
            };
        } catch (RuntimeException e) {
            return new SourceMetadata(1, null); // out-of-bounds offsets in a malformed header
        }
    }

    private static int jpegOrientation(byte[] d) {
        int p = 2;
        while (p + 4 <= d.length) {
            if ((d[p] & 0xFF) != 0xFF) {
                return 1;
            }
            int marker = d[p + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                p++;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) { // start of scan, end of image: no more metadata
                return 1;
            }
            int length = u16be(d, p + 2);
            if (marker == 0xE1 && length >= 16 && matches(d, p + 4, "Exif\0\0")) {
                return tiffOrientation(d, p + 10, p + 2 + length);
            }
            p += 2 + length;
        }
        return 1;
    }

    private static SourceMetadata scanPng(byte[] d) {
        int orientation = 1;
        byte[] icc = null;
        int p = 8;
        while (p + 12 <= d.length) {
            int length = (int) Math.min(u32be(d, p), Integer.MAX_VALUE);
            int data = p + 8;
            if (length > d.length - data) {
                break;
            }
            if (matches(d, p + 4, "IDAT")) {
                break;
            }
            if (matches(d, p + 4, "eXIf")) {
                orientation = tiffOrientation(d, data, data + length);
            } else if (matches(d, p + 4, "iCCP")) {
                icc = pngProfile(d, data, length);
            }
            p = data + length + 4;
        }
        return new SourceMetadata(orientation, icc);
    }

    private static byte[] pngProfile(byte[] d, int start, int length) {
        int nul = start;
        while (nul < start + Math.min(length, 80) && d[nul] != 0) {
            nul++;
        }
        int compressed = nul + 2; // NUL, then the compression method byte (always 0 = zlib)
        if (compressed >= start + length) {
            return null;
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(d, compressed, start + length - compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null;
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_PROFILE_BYTES) {
                    return null;
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }

    private static int webpOrientation(byte[] d) {
        int p = 12;
        while (p + 8 <= d.length) {
            long size = u32le(d, p + 4);
            int data = p + 8;
            if (size > d.length - data) {
                return 1;
            }
            if (matches(d, p, "EXIF")) {
                // Some writers keep the JPEG "Exif\0\0" prefix inside the chunk.
                int tiff = matches(d, data, "Exif\0\0") ? data + 6 : data;
                return tiffOrientation(d, tiff, data + (int) size);
            }
            p = data + (int) size + (int) (size & 1);
        }
        return 1;
    }

    /** Reads tag 0x0112 from IFD0 of the TIFF structure in {@code d[start, end)}. */
    static int tiffOrientation(byte[] d, int start, int end) {
        if (end > d.length || end - start < 8) {
            return 1;
        }
        boolean little;
        if (d[start] == 'I' && d[start + 1] == 'I') {
            little = true;
        } else if (d[start] == 'M' && d[start + 1] == 'M') {
            little = false;
        } else {
            return 1;
        }
        long ifd = u32(d, start + 4, little);
        if (ifd < 8 || ifd > end - start - 2) {
            return 1;
        }
        int p = start + (int) ifd;
        int count = u16(d, p, little);
        p += 2;
        for (int i = 0; i < count && p + 12 <= end; i++, p += 12) {
            if (u16(d, p, little) == 0x0112 && u16(d, p + 2, little) == 3) {
                int value = u16(d, p + 8, little);
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    private static boolean matches(byte[] d, int p, String ascii) {
        if (p + ascii.length() > d.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (d[p + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] d, int p, boolean little) {
        return little ? (d[p] & 0xFF) | (d[p + 1] & 0xFF) << 8 : u16be(d, p);
    }

    private static int u16be(byte[] d, int p) {
        return (d[p] & 0xFF) << 8 | (d[p + 1] & 0xFF);
    }

    private static long u32(byte[] d, int p, boolean little) {
        return little ? u32le(d, p) : u32be(d, p);
    }

    private static long u32be(byte[] d, int p) {
        return ((long) (d[p] & 0xFF) << 24) | (d[p + 1] & 0xFF) << 16 | (d[p + 2] & 0xFF) << 8 | (d[p + 3] & 0xFF);
    }

    private static long u32le(byte[] d, int p) {
        return ((long) (d[p + 3] & 0xFF) << 24) | (d[p + 2] & 0xFF) << 16 | (d[p + 1] & 0xFF) << 8 | (d[p] & 0xFF);
    }
}
