package dev.stowage.transform.internal;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * An sRGB image as interleaved 8-bit samples, the working form of every step after decoding. The layouts
 * are those of {@link BufferedImage#TYPE_BYTE_GRAY} (1 channel), {@link BufferedImage#TYPE_3BYTE_BGR}
 * ({@code B,G,R}) and {@link BufferedImage#TYPE_4BYTE_ABGR} ({@code A,B,G,R}), so decoded images are used
 * without copying and encoders receive their fastest input type.
 *
 * @param data          {@code width × height × channels} samples, row by row
 * @param width         width in pixels
 * @param height        height in pixels
 * @param channels      1 (grey), 3 (BGR) or 4 (ABGR)
 * @param premultiplied whether colour samples of a 4-channel image are multiplied by alpha
 */
record Pixels(byte[] data, int width, int height, int channels, boolean premultiplied) {

    Pixels {
        if (channels != 1 && channels != 3 && channels != 4) {
            throw new IllegalArgumentException("channels " + channels);
        }
        if ((long) width * height * channels != data.length) {
            throw new IllegalArgumentException("buffer of " + data.length + " bytes for " + width + "x" + height
                    + "x" + channels);
        }
    }

    static Pixels allocate(int width, int height, int channels) {
        return new Pixels(new byte[Math.multiplyExact(Math.multiplyExact(width, height), channels)], width, height,
                channels, false);
    }

    boolean hasAlpha() {
        return channels == 4;
    }

    /** A {@link BufferedImage} sharing this buffer (straight, not premultiplied, alpha). */
    BufferedImage toImage() {
        if (premultiplied) {
            throw new IllegalStateException("premultiplied pixels must be converted before encoding");
        }
        int[] offsets = switch (channels) {
            case 1 -> new int[] {0};
            case 3 -> new int[] {2, 1, 0};
            default -> new int[] {3, 2, 1, 0};
        };
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(data, data.length), width, height,
                width * channels, channels, offsets, null);
        ColorSpace cs = ColorSpace.getInstance(channels == 1 ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ColorModel cm = new ComponentColorModel(cs, channels == 4, false,
                channels == 4 ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        return new BufferedImage(cm, raster, false, null);
    }
}
