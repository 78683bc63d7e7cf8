package dev.stowage.transform;

/**
 * What a transform wrote: the output's size and format, for the response headers of a gateway.
 *
 * @param width        output width in pixels
 * @param height       output height in pixels
 * @param format       the concrete output format ({@link OutputFormat#AUTO} resolved)
 * @param bytes        encoded bytes written to the output stream
 * @param sourceWidth  source width in pixels, after EXIF orientation
 * @param sourceHeight source height in pixels, after EXIF orientation
 */
public record TransformResult(int width, int height, OutputFormat format, long bytes, int sourceWidth,
                              int sourceHeight) {

    /** The {@code Content-Type} to answer with, e.g. {@code image/webp}. */
    public String mediaType() {
        return format.mediaType();
    }
}
