package dev.stowage.transform.internal;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Turns whatever a decoder returned into sRGB {@link Pixels}: the common JPEG and PNG layouts are taken over
 * without a copy; grey is read as gamma-encoded samples (as browsers do, rather than through Java's linear grey
 * colour space); anything in another colour space (an embedded ICC profile, CMYK already converted by
 * TwelveMonkeys to a profile-tagged RGB, Adobe RGB, Display P3) is converted to sRGB through the profile.
 */
final class PixelConversion {
    private PixelConversion() {
    }

    static Pixels toPixels(BufferedImage img) {
        ColorSpace cs = img.getColorModel().getColorSpace();
        boolean alpha = img.getColorModel().hasAlpha();
        if (cs.getType() == ColorSpace.TYPE_GRAY) {
            return fromGrey(img);
        }
        if (!cs.isCS_sRGB() && cs.getType() == ColorSpace.TYPE_RGB || cs.getType() == ColorSpace.TYPE_CMYK) {
            BufferedImage dst = new BufferedImage(img.getWidth(), img.getHeight(),
                    alpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
            new ColorConvertOp(null).filter(img, dst);
            img = dst;
        }
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] data = compact(img, 3);
            if (data != null) {
                return new Pixels(data, img.getWidth(), img.getHeight(), 3, false);
            }
        }
        if (img.getType() == BufferedImage.TYPE_4BYTE_ABGR || img.getType() == BufferedImage.TYPE_4BYTE_ABGR_PRE) {
            byte[] data = compact(img, 4);
            if (data != null) {
                return new Pixels(data, img.getWidth(), img.getHeight(), 4,
                        img.getType() == BufferedImage.TYPE_4BYTE_ABGR_PRE);
            }
        }
        // Indexed (GIF, palette PNG), packed int (BMP), 16-bit: let Java2D convert to the working layout.
        BufferedImage dst = new BufferedImage(img.getWidth(), img.getHeight(),
                alpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = dst.createGraphics();
        try {
            g.setComposite(AlphaComposite.Src);
            g.drawImage(img, 0, 0, null);
        } finally {
            g.dispose();
        }
        return new Pixels(compact(dst, alpha ? 4 : 3), img.getWidth(), img.getHeight(), alpha ? 4 : 3, false);
    }

    /** The backing array when the raster is exactly {@code width × height × channels} interleaved bytes. */
    private static byte[] compact(BufferedImage img, int channels) {
        WritableRaster r = img.getRaster();
        if (!(r.getDataBuffer() instanceof DataBufferByte db) || db.getNumBanks() != 1 || db.getOffset() != 0
                || !(r.getSampleModel() instanceof PixelInterleavedSampleModel sm)
                || sm.getPixelStride() != channels || sm.getScanlineStride() != img.getWidth() * channels
                || r.getSampleModelTranslateX() != 0 || r.getSampleModelTranslateY() != 0) {
            return null;
        }
        byte[] data = db.getData();
        return data.length == img.getWidth() * img.getHeight() * channels ? data : null;
    }

    private static Pixels fromGrey(BufferedImage img) {
        Raster r = img.getRaster();
        int w = img.getWidth();
        int h = img.getHeight();
        boolean alpha = img.getColorModel().hasAlpha() && r.getNumBands() > 1;
        if (!alpha && img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            byte[] data = compact(img, 1);
            if (data != null) {
                return new Pixels(data, w, h, 1, false);
            }
        }
        int c = alpha ? 4 : 1;
        byte[] out = new byte[w * h * c];
        int greyMax = (1 << r.getSampleModel().getSampleSize(0)) - 1;
        int alphaMax = alpha ? (1 << r.getSampleModel().getSampleSize(1)) - 1 : 1;
        int[] grey = new int[w];
        int[] a = new int[w];
        for (int y = 0; y < h; y++) {
            r.getSamples(0, y, w, 1, 0, grey);
            if (alpha) {
                r.getSamples(0, y, w, 1, 1, a);
            }
            int o = y * w * c;
            for (int x = 0; x < w; x++) {
                byte v = (byte) ((grey[x] * 255 + greyMax / 2) / greyMax);
                if (alpha) {
                    out[o++] = (byte) ((a[x] * 255 + alphaMax / 2) / alphaMax);
                    out[o++] = v;
                    out[o++] = v;
                }
                out[o++] = v;
            }
        }
        return new Pixels(out, w, h, c, false);
    }

    /**
     * Converts pixels that are really in {@code profile}'s RGB space (a PNG {@code iCCP} chunk, which the JDK's
     * PNG reader does not apply) to sRGB, in place. Profiles that are not RGB or do not parse are ignored.
     */
    static Pixels applyProfile(Pixels p, byte[] profile) {
        if (profile == null || p.channels() == 1) {
            return p;
        }
        ICC_ColorSpace source;
        try {
            ICC_Profile icc = ICC_Profile.getInstance(profile);
            if (icc.getColorSpaceType() != ColorSpace.TYPE_RGB) {
                return p;
            }
            source = new ICC_ColorSpace(icc);
        } catch (IllegalArgumentException e) {
            return p; // a broken profile: the pixels are shown as sRGB, as browsers do
        }
        int c = p.channels();
        int[] colourOffsets = c == 3 ? new int[] {2, 1, 0} : new int[] {3, 2, 1};
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(p.data(), p.data().length),
                p.width(), p.height(), p.width() * c, c, colourOffsets, null);
        WritableRaster converted = raster.createCompatibleWritableRaster();
        new ColorConvertOp(source, ColorSpace.getInstance(ColorSpace.CS_sRGB), null).filter(raster, converted);
        raster.setRect(converted);
        return p;
    }
}
