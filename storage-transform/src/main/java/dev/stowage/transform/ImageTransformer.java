package dev.stowage.transform;

import dev.stowage.transform.internal.Pipeline;
import dev.stowage.transform.internal.SourceFormat;
import dev.stowage.transform.internal.vips.Vips;
import dev.stowage.transform.internal.vips.VipsEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Applies {@link Transform}s to images: decodes JPEG, PNG, GIF (first frame), WebP and BMP; honours EXIF
 * orientation and embedded ICC profiles; writes sRGB JPEG, PNG or WebP. Every call is checked against the
 * {@link TransformLimits} given at construction.
 *
 * <p>Two engines give the same results (the same sizes and crops; pixels within a small tolerance): libvips,
 * called through JNA when the system has it ({@code libvips42} on Debian, {@code vips} on Homebrew), which shrinks
 * JPEGs while decoding and streams the rest; and a pure-Java engine on ImageIO. The engine is chosen once, at
 * construction ({@link EngineChoice}), and {@link #engine()} says which. Sources libvips has no trusted loader for
 * (BMP) go to the Java engine.
 *
 * <p>Thread-safe and stateless between calls: share one instance. Each call holds its own decoder, buffers
 * and encoder, so calls on different threads scale with cores. All transformers of a JVM share one heap budget
 * (60% of the maximum heap) so that concurrent transforms cannot exhaust it together.
 *
 * <pre>{@code
 * ImageTransformer transformer = new ImageTransformer(TransformLimits.DEFAULTS);
 * TransformResult r = transformer.transform(in, Transform.parseQuery("w=300&h=300&fit=cover"), accept, out);
 * response.setContentType(r.mediaType());
 * }</pre>
 */
public final class ImageTransformer {
    private final TransformLimits limits;
    private final boolean vips;
    private final EngineInfo engine;

    /**
     * A transformer enforcing {@code limits} on libvips where it is installed, else on the Java engine; the
     * system property {@code stowage.transform.engine} ({@code auto}, {@code vips}, {@code java}) overrides.
     */
    public ImageTransformer(TransformLimits limits) {
        this(limits, EngineChoice.parse(System.getProperty("stowage.transform.engine", "auto")));
    }

    /**
     * A transformer enforcing {@code limits} on the chosen engine.
     *
     * @throws IllegalStateException if {@link EngineChoice#VIPS} is chosen and libvips does not load here; the
     *                               message says why and how to install it
     */
    public ImageTransformer(TransformLimits limits, EngineChoice choice) {
        this.limits = Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(choice, "choice");
        if (choice == EngineChoice.VIPS && !Vips.available()) {
            throw new IllegalStateException("The vips image engine was asked for, but " + Vips.problem());
        }
        this.vips = choice != EngineChoice.JAVA && Vips.available();
        this.engine = vips ? new EngineInfo("libvips", Vips.version(), Vips.avifAvailable())
                : new EngineInfo("java", Runtime.version().toString(), false);
    }

    /** The engine this transformer runs on. */
    public EngineInfo engine() {
        return engine;
    }

    /** Whether this transformer's engine can write {@code format} ({@link OutputFormat#AUTO} always resolves). */
    public boolean canEncode(OutputFormat format) {
        return switch (format) {
            case AUTO -> true;
            case AVIF -> engine.avif();
            case WEBP -> vips || format.isEncodable();
            default -> true;
        };
    }

    /** The limits this transformer enforces. */
    public TransformLimits limits() {
        return limits;
    }

    /**
     * Transforms an image. {@link OutputFormat#AUTO} resolves as if the client accepted no WebP: PNG for
     * images with transparency, JPEG otherwise.
     *
     * @see #transform(InputStream, Transform, String, OutputStream)
     */
    public TransformResult transform(InputStream source, Transform transform, OutputStream out) throws IOException {
        return transform(source, transform, null, out);
    }

    /**
     * Transforms an image read from {@code source} and writes the encoded result to {@code out}. Neither
     * stream is closed. The source is read to its end (at most {@link TransformLimits#maxSourceBytes()}) before
     * anything is written, so a refusal leaves {@code out} untouched.
     *
     * @param acceptHeader the client's {@code Accept} header, used when the format is {@link OutputFormat#AUTO};
     *                     may be {@code null}
     * @return the output's size and concrete format
     * @throws TransformException for bad parameters, unsupported or corrupt sources and exceeded limits
     * @throws IOException        if reading {@code source} or writing {@code out} fails
     */
    public TransformResult transform(InputStream source, Transform transform, String acceptHeader, OutputStream out)
            throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(transform, "transform");
        Objects.requireNonNull(out, "out");
        byte[] bytes = readBounded(source, limits.maxSourceBytes());
        SourceFormat format = Pipeline.identify(bytes, limits);
        if (vips && VipsEngine.decodes(format)) {
            return VipsEngine.run(bytes, format, transform, acceptHeader, out, limits);
        }
        return Pipeline.run(bytes, format, transform, acceptHeader, out, limits);
    }

    /**
     * Reads the whole source, refusing it as soon as it passes {@code limit} bytes. Chunks are kept and joined
     * once at the end, so a large source costs one extra copy rather than a series of doublings.
     */
    private static byte[] readBounded(InputStream in, long limit) throws IOException {
        long max = Math.min(limit, Integer.MAX_VALUE - 16); // a Java array's reach
        List<byte[]> chunks = new ArrayList<>();
        long total = 0;
        int chunkSize = 64 * 1024;
        while (true) {
            byte[] chunk = in.readNBytes((int) Math.min(chunkSize, max + 1 - total));
            total += chunk.length;
            if (total > max) {
                throw new TransformException(ErrorKind.SOURCE_TOO_LARGE, "maxSourceBytes",
                        "The source is larger than the limit of " + limit + " bytes (maxSourceBytes)", null);
            }
            if (chunk.length == 0) {
                break;
            }
            chunks.add(chunk);
            chunkSize = Math.min(chunkSize * 2, 4 << 20);
        }
        byte[] all = chunks.size() == 1 ? chunks.get(0) : new byte[(int) total];
        if (chunks.size() != 1) {
            int offset = 0;
            for (byte[] chunk : chunks) {
                System.arraycopy(chunk, 0, all, offset, chunk.length);
                offset += chunk.length;
            }
        }
        return all;
    }
}
