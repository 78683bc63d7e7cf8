package dev.stowage.transform;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * What to do to an image: target size, fit, crop gravity, pixel density, output format, quality and background.
 * EXIF orientation is always applied. Instances are immutable; build them with {@link #builder()} or parse
 * them from a URL with {@link #parseQuery(String)} or {@link #parseImageKit(String)}.
 *
 * <p>Two transforms that produce the same output have the same {@link #canonical()} form, which makes it
 * the natural cache key.
 *
 * @param width      requested width in CSS pixels, {@code 0} when not given (derived from the aspect ratio)
 * @param height     requested height in CSS pixels, {@code 0} when not given
 * @param fit        how to fit the source to the box when both width and height are given
 * @param gravity    which part a cover crop keeps, and where a contain image sits in its letterbox
 * @param dpr        device pixel ratio, 1–4 (two decimals); multiplies width and height
 * @param format     output format; {@link OutputFormat#AUTO} is negotiated per request
 * @param quality    lossy encoder quality, 1–100 (ignored for PNG)
 * @param background letterbox colour and the colour transparency is flattened onto for JPEG
 * @param crop       a region of the source cut out before resizing, or {@code null} for the whole source
 * @param rotate     clockwise rotation after resizing: 0, 90, 180 or 270 (the box is rotated with the image)
 * @param flip       mirroring after rotation
 * @param blur       Gaussian blur sigma in output pixels, 0 for none, else 0.3–100
 * @param sharpen    sharpening sigma in output pixels, 0 for none, else 0.3–10
 * @param grayscale  whether the output is converted to grey
 * @param progressive whether JPEG output is progressive (interlaced) rather than baseline
 */
public record Transform(int width, int height, Fit fit, Gravity gravity, double dpr, OutputFormat format,
                        int quality, Rgba background, Region crop, int rotate, Flip flip, double blur,
                        double sharpen, boolean grayscale, boolean progressive) {

    /** The largest width or height that may be requested, before the {@link #dpr()} multiplier. */
    public static final int MAX_DIMENSION = 16_384;
    /** Quality used when none is given, the usual default of image CDNs. */
    public static final int DEFAULT_QUALITY = 80;

    public Transform {
        Objects.requireNonNull(fit, "fit");
        Objects.requireNonNull(gravity, "gravity");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(background, "background");
        checkDimension("w", width);
        checkDimension("h", height);
        if (!(dpr >= 1 && dpr <= 4)) {
            throw TransformException.invalid("dpr", String.valueOf(dpr), "is not a number from 1 to 4");
        }
        // Two decimals are plenty for device pixel ratios and keep the cache key stable.
        dpr = Math.round(dpr * 100) / 100.0;
        if (quality < 1 || quality > 100) {
            throw TransformException.invalid("q", String.valueOf(quality), "is not a whole number from 1 to 100");
        }
        Objects.requireNonNull(flip, "flip");
        if (rotate != 0 && rotate != 90 && rotate != 180 && rotate != 270) {
            throw TransformException.invalid("rotate", String.valueOf(rotate), "is not one of 0, 90, 180, 270");
        }
        if (blur != 0 && !(blur >= 0.3 && blur <= 100)) {
            throw TransformException.invalid("blur", String.valueOf(blur), "is not a sigma from 0.3 to 100");
        }
        if (sharpen != 0 && !(sharpen >= 0.3 && sharpen <= 10)) {
            throw TransformException.invalid("sharpen", String.valueOf(sharpen), "is not a sigma from 0.3 to 10");
        }
        blur = Math.round(blur * 100) / 100.0;
        sharpen = Math.round(sharpen * 100) / 100.0;
        if (gravity.isSmart() && !(fit == Fit.COVER && width > 0 && height > 0)) {
            throw TransformException.invalid("g", gravity.token(),
                    "is a smart crop, which needs both w and h and fit=cover");
        }
    }

    /** A transform with the original eight settings and no crop, rotation, flip or effects. */
    public Transform(int width, int height, Fit fit, Gravity gravity, double dpr, OutputFormat format,
                     int quality, Rgba background) {
        this(width, height, fit, gravity, dpr, format, quality, background, null, 0, Flip.NONE, 0, 0, false,
                false);
    }

    private static void checkDimension(String name, int value) {
        if (value < 0 || value > MAX_DIMENSION) {
            throw TransformException.invalid(name, String.valueOf(value),
                    "is not a whole number from 1 to " + MAX_DIMENSION);
        }
    }

    /** A new builder holding the defaults: original size, cover, centre, dpr 1, auto format, quality 80, white. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this transform. */
    public Builder toBuilder() {
        return new Builder().width(width).height(height).fit(fit).gravity(gravity).dpr(dpr).format(format)
                .quality(quality).background(background).crop(crop).rotate(rotate).flip(flip).blur(blur)
                .sharpen(sharpen).grayscale(grayscale).progressive(progressive);
    }

    /** This transform with another output format, e.g. after {@link OutputFormat#negotiate(String)}. */
    public Transform withFormat(OutputFormat newFormat) {
        return toBuilder().format(newFormat).build();
    }

    /** Output width in device pixels ({@code width × dpr}), {@code 0} when not given. */
    public int targetWidth() {
        return width == 0 ? 0 : Math.max(1, (int) Math.round(width * dpr));
    }

    /** Output height in device pixels ({@code height × dpr}), {@code 0} when not given. */
    public int targetHeight() {
        return height == 0 ? 0 : Math.max(1, (int) Math.round(height * dpr));
    }

    /**
     * Parses the query dialect, e.g. {@code w=800&h=600&fit=cover&q=80&f=webp}, with or without a leading
     * {@code ?}. Long names ({@code width}, {@code height}, {@code format}, {@code quality}, {@code gravity},
     * {@code background}) are accepted; {@code g} and {@code bg} are the short forms. Operations:
     * {@code crop=x,y,w,h}, {@code rotate=90|180|270}, {@code flip=h|v|hv}, {@code blur=sigma},
     * {@code sharpen=sigma}, {@code gray=1}, {@code progressive=1}; smart crop is {@code g=attention|entropy}.
     *
     * @throws TransformException of kind {@link ErrorKind#INVALID_PARAMETER} naming the parameter at fault
     */
    public static Transform parseQuery(String query) {
        return QueryDialect.parse(query);
    }

    /**
     * Parses the ImageKit dialect: {@code tr:w-300,h-300,c-at_max} (path segment) or {@code w-300,h-300}
     * (the value of a {@code ?tr=} parameter). Crop strategies map to fits: default and {@code c-maintain_ratio}
     * to cover, {@code c-force} to fill, {@code c-at_max} to inside, {@code c-at_least} to outside and
     * {@code cm-pad_resize} to contain. Unlike ImageKit's {@code c-at_max}, inside may enlarge a small image.
     * Also read: {@code cm-extract} with {@code x-}, {@code y-}, {@code w-}, {@code h-}; {@code rt-}; {@code fl-};
     * {@code bl-}; {@code e-sharpen[-N]}; {@code e-grayscale}; {@code pr-true}; {@code fo-auto} (smart crop);
     * {@code f-avif}.
     *
     * @throws TransformException of kind {@link ErrorKind#INVALID_PARAMETER} naming the parameter at fault
     */
    public static Transform parseImageKit(String spec) {
        return ImageKitDialect.parse(spec);
    }

    /**
     * The canonical query form, e.g. {@code w=300&h=300&fit=inside&f=jpeg&q=80}: fixed order, short names,
     * and only the parameters that change the output (no fit without both dimensions, no quality for PNG).
     * {@link #parseQuery(String)} reads it back to an equivalent transform.
     */
    public String canonical() {
        StringJoiner out = new StringJoiner("&");
        boolean box = width > 0 && height > 0;
        if (crop != null) {
            out.add("crop=" + crop.token());
        }
        if (width > 0) {
            out.add("w=" + width);
        }
        if (height > 0) {
            out.add("h=" + height);
        }
        if (box) {
            out.add("fit=" + fit.token());
            if ((fit == Fit.COVER || fit == Fit.CONTAIN) && gravity != Gravity.CENTRE) {
                out.add("g=" + gravity.token());
            }
        }
        if (dpr != 1 && (width > 0 || height > 0)) {
            out.add("dpr=" + BigDecimal.valueOf(dpr).stripTrailingZeros().toPlainString());
        }
        out.add("f=" + format.token());
        if (format != OutputFormat.PNG) {
            out.add("q=" + quality);
        }
        if (!background.equals(Rgba.WHITE)) {
            out.add("bg=" + background.hex());
        }
        if (rotate != 0) {
            out.add("rotate=" + rotate);
        }
        if (flip != Flip.NONE) {
            out.add("flip=" + flip.token());
        }
        if (blur != 0) {
            out.add("blur=" + number(blur));
        }
        if (sharpen != 0) {
            out.add("sharpen=" + number(sharpen));
        }
        if (grayscale) {
            out.add("gray=1");
        }
        if (progressive && (format == OutputFormat.JPEG || format == OutputFormat.AUTO)) {
            out.add("progressive=1");
        }
        return out.toString();
    }

    private static String number(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Builds a {@link Transform}; every setter validates nothing until {@link #build()}. */
    public static final class Builder {
        private int width;
        private int height;
        private Fit fit = Fit.COVER;
        private Gravity gravity = Gravity.CENTRE;
        private double dpr = 1;
        private OutputFormat format = OutputFormat.AUTO;
        private int quality = DEFAULT_QUALITY;
        private Rgba background = Rgba.WHITE;
        private Region crop;
        private int rotate;
        private Flip flip = Flip.NONE;
        private double blur;
        private double sharpen;
        private boolean grayscale;
        private boolean progressive;

        private Builder() {
        }

        /** A region of the source to cut out before resizing; {@code null} (the default) for the whole source. */
        public Builder crop(Region crop) {
            this.crop = crop;
            return this;
        }

        /** Clockwise rotation after resizing: 0, 90, 180 or 270. */
        public Builder rotate(int degrees) {
            this.rotate = degrees;
            return this;
        }

        /** Mirroring after rotation; default {@link Flip#NONE}. */
        public Builder flip(Flip flip) {
            this.flip = flip;
            return this;
        }

        /** Gaussian blur sigma in output pixels (0.3–100), or 0 for none. */
        public Builder blur(double sigma) {
            this.blur = sigma;
            return this;
        }

        /** Sharpening sigma in output pixels (0.3–10), or 0 for none. */
        public Builder sharpen(double sigma) {
            this.sharpen = sigma;
            return this;
        }

        /** Whether to convert the output to grey. */
        public Builder grayscale(boolean grayscale) {
            this.grayscale = grayscale;
            return this;
        }

        /** Whether JPEG output is progressive. */
        public Builder progressive(boolean progressive) {
            this.progressive = progressive;
            return this;
        }

        /** Requested width in CSS pixels, 1–16384, or 0 for "from the aspect ratio". */
        public Builder width(int width) {
            this.width = width;
            return this;
        }

        /** Requested height in CSS pixels, or 0 for "from the aspect ratio". */
        public Builder height(int height) {
            this.height = height;
            return this;
        }

        /** Both dimensions at once. */
        public Builder size(int width, int height) {
            return width(width).height(height);
        }

        /** How to fit the source into the box; default {@link Fit#COVER}. */
        public Builder fit(Fit fit) {
            this.fit = fit;
            return this;
        }

        /** Which part a cover crop keeps; default {@link Gravity#CENTRE}. */
        public Builder gravity(Gravity gravity) {
            this.gravity = gravity;
            return this;
        }

        /** Device pixel ratio from 1 to 4; default 1. */
        public Builder dpr(double dpr) {
            this.dpr = dpr;
            return this;
        }

        /** Output format; default {@link OutputFormat#AUTO}. */
        public Builder format(OutputFormat format) {
            this.format = format;
            return this;
        }

        /** Lossy quality from 1 to 100; default {@value Transform#DEFAULT_QUALITY}. */
        public Builder quality(int quality) {
            this.quality = quality;
            return this;
        }

        /** Letterbox and flattening colour; default opaque white. */
        public Builder background(Rgba background) {
            this.background = background;
            return this;
        }

        /**
         * @throws TransformException of kind {@link ErrorKind#INVALID_PARAMETER} if a value is out of range
         */
        public Transform build() {
            return new Transform(width, height, fit, gravity, dpr, format, quality, background, crop, rotate, flip,
                    blur, sharpen, grayscale, progressive);
        }
    }
}
