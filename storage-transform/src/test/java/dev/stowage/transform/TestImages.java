package dev.stowage.transform;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Images generated for the tests, so each test states what its input is; no binary fixtures. */
final class TestImages {
    static final Color RED = new Color(255, 0, 0);
    static final Color GREEN = new Color(0, 255, 0);
    static final Color BLUE = new Color(0, 0, 255);
    static final Color YELLOW = new Color(255, 255, 0);

    private TestImages() {
    }

    /** An opaque image split in four: red top-left, green top-right, blue bottom-left, yellow bottom-right. */
    static BufferedImage quadrants(int w, int h) {
        return quadrants(w, h, RED, GREEN, BLUE, YELLOW);
    }

    static BufferedImage quadrants(int w, int h, Color tl, Color tr, Color bl, Color br) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(tl);
        g.fillRect(0, 0, w / 2, h / 2);
        g.setColor(tr);
        g.fillRect(w / 2, 0, w - w / 2, h / 2);
        g.setColor(bl);
        g.fillRect(0, h / 2, w / 2, h - h / 2);
        g.setColor(br);
        g.fillRect(w / 2, h / 2, w - w / 2, h - h / 2);
        g.dispose();
        return img;
    }

    static BufferedImage solid(int w, int h, Color c, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        Graphics2D g = img.createGraphics();
        g.setComposite(java.awt.AlphaComposite.Src);
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    /** Smooth gradients plus noise: something photograph-like that compresses like one. */
    static BufferedImage photoLike(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(seed);
        byte[] data = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int y = 0, p = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int n = random.nextInt(32) - 16;
                data[p++] = clamp(255 * x / w + n);
                data[p++] = clamp(255 * y / h + n);
                data[p++] = clamp(128 + (int) (100 * Math.sin(x / 37.0 + y / 53.0)) + n);
            }
        }
        return img;
    }

    private static byte clamp(int v) {
        return (byte) Math.max(0, Math.min(255, v));
    }

    static byte[] jpeg(BufferedImage img, float quality) {
        return write(img, "jpeg", quality);
    }

    static byte[] png(BufferedImage img) {
        return write(img, "png", -1);
    }

    static byte[] encode(BufferedImage img, String format) {
        return write(img, format, -1);
    }

    private static byte[] write(Object image, String format, float quality) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (quality >= 0) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(ios);
                IIOImage iio = image instanceof Raster r ? new IIOImage(r, null, null)
                        : new IIOImage((BufferedImage) image, null, null);
                writer.write(null, iio, param);
            }
            writer.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A CMYK JPEG filled with one ink mix (0–255 each), written the way Photoshop does: four components with
     * an Adobe APP14 marker, samples inverted.
     */
    static byte[] cmykJpeg(int w, int h, int c, int m, int y, int k) {
        java.awt.image.WritableRaster raster = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE,
                w, h, 4, null);
        int[] inverted = {255 - c, 255 - m, 255 - y, 255 - k};
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                raster.setPixel(i, j, inverted);
            }
        }
        // The JDK writes four components without saying what they are; an Adobe APP14 marker with
        // transform 0 is what marks a JPEG as (inverted) CMYK.
        byte[] adobe = {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        return insertSegment(write(raster, "jpeg", 0.95f), 0xEE, adobe);
    }

    /** {@code jpeg} with an APP1 Exif segment holding only IFD0 tag 0x0112 = {@code orientation}. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean littleEndian) {
        byte[] payload = concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), exifTiff(orientation, littleEndian));
        return insertSegment(jpeg, 0xE1, payload);
    }

    /** {@code jpeg} with an APP1 segment of arbitrary bytes after the Exif header. */
    static byte[] withExifPayload(byte[] jpeg, byte[] tiff) {
        return insertSegment(jpeg, 0xE1, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiff));
    }

    /** A TIFF structure whose IFD0 holds only the orientation tag (0x0112). */
    static byte[] exifTiff(int orientation, boolean littleEndian) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4)
                .order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        tiff.put(littleEndian ? (byte) 'I' : (byte) 'M').put(littleEndian ? (byte) 'I' : (byte) 'M');
        tiff.putShort((short) 42).putInt(8); // magic, offset of IFD0
        tiff.putShort((short) 1); // one entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0); // no next IFD
        return tiff.array();
    }

    /** {@code jpeg} with an APP2 ICC_PROFILE segment embedding {@code profile}. */
    static byte[] withIccProfile(byte[] jpeg, ICC_Profile profile) {
        byte[] header = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
        byte[] payload = concat(concat(header, new byte[] {1, 1}), profile.getData());
        return insertSegment(jpeg, 0xE2, payload);
    }

    /** The linear-light RGB profile built into the JDK: same primaries as sRGB, gamma 1.0. */
    static ICC_Profile linearRgbProfile() {
        return ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB);
    }

    /** Inserts a marker segment right after SOI (before the JFIF APP0 is fine for every reader used here). */
    private static byte[] insertSegment(byte[] jpeg, int marker, byte[] payload) {
        int length = payload.length + 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(marker);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write(payload, 0, payload.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A PNG with an {@code iCCP} chunk holding {@code profile}, inserted after IHDR. */
    static byte[] pngWithIccProfile(byte[] png, ICC_Profile profile) {
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        byte[] name = "test profile\0".getBytes(StandardCharsets.ISO_8859_1);
        chunk.write(name, 0, name.length);
        chunk.write(0); // zlib
        java.util.zip.Deflater deflater = new java.util.zip.Deflater();
        deflater.setInput(profile.getData());
        deflater.finish();
        byte[] buf = new byte[65536];
        while (!deflater.finished()) {
            int n = deflater.deflate(buf);
            chunk.write(buf, 0, n);
        }
        deflater.end();
        return insertPngChunk(png, "iCCP", chunk.toByteArray());
    }

    static byte[] insertPngChunk(byte[] png, String type, byte[] data) {
        int ihdrEnd = 8 + 8 + 13 + 4;
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(typeBytes);
        crc.update(data);
        chunk.putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue());
        return concat(concat(java.util.Arrays.copyOf(png, ihdrEnd), chunk.array()),
                java.util.Arrays.copyOfRange(png, ihdrEnd, png.length));
    }

    /** A valid PNG signature and IHDR claiming {@code w × h}, then an IDAT that could never fill it. */
    static byte[] pngBombHeader(int w, int h) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0)
                .put((byte) 0).put((byte) 0);
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        byte[] png = concat(signature, chunk("IHDR", ihdr.array()));
        png = concat(png, chunk("IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01}));
        return concat(png, chunk("IEND", new byte[0]));
    }

    private static byte[] chunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return b.putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue()).array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static BufferedImage read(byte[] data) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(data));
            if (img == null) {
                throw new IllegalStateException("not readable: " + data.length + " bytes");
            }
            return img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY ? greyAsRgb(img) : img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Grey samples as browsers show them (gamma-encoded grey), not as {@link BufferedImage#getRGB} would (Java
     * treats its grey colour space as linear light and brightens mid-greys).
     */
    private static BufferedImage greyAsRgb(BufferedImage grey) {
        BufferedImage rgb = new BufferedImage(grey.getWidth(), grey.getHeight(), BufferedImage.TYPE_INT_RGB);
        Raster r = grey.getRaster();
        int max = (1 << r.getSampleModel().getSampleSize(0)) - 1;
        for (int y = 0; y < grey.getHeight(); y++) {
            for (int x = 0; x < grey.getWidth(); x++) {
                int v = r.getSample(x, y, 0) * 255 / max;
                rgb.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return rgb;
    }

    /** Number of bands the decoder sees in {@code data}. */
    static int bands(byte[] data) {
        try {
            return ImageIO.read(new ByteArrayInputStream(data)).getRaster().getNumBands();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Transforms {@code source} with default limits and returns the encoded output. */
    static byte[] transform(byte[] source, Transform t) {
        return transform(new ImageTransformer(TransformLimits.DEFAULTS), source, t);
    }

    static byte[] transform(ImageTransformer transformer, byte[] source, Transform t) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(new ByteArrayInputStream(source), t, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code rgb} is within {@code tolerance} of {@code expected} on every channel. */
    static boolean near(int rgb, Color expected, int tolerance) {
        return Math.abs((rgb >> 16 & 0xFF) - expected.getRed()) <= tolerance
                && Math.abs((rgb >> 8 & 0xFF) - expected.getGreen()) <= tolerance
                && Math.abs((rgb & 0xFF) - expected.getBlue()) <= tolerance;
    }

    static String describe(int argb) {
        return String.format("argb(%d,%d,%d,%d)", argb >>> 24, argb >> 16 & 0xFF, argb >> 8 & 0xFF, argb & 0xFF);
    }
}
