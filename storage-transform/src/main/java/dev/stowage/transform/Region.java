package dev.stowage.transform;

/**
 * A rectangle of the source image in displayed pixels (after EXIF orientation), cut out before resizing:
 * the query dialect's {@code crop=x,y,w,h} and ImageKit's {@code cm-extract,x-,y-,w-,h-}.
 *
 * @param x      left edge, from 0
 * @param y      top edge, from 0
 * @param width  width, at least 1
 * @param height height, at least 1
 */
public record Region(int x, int y, int width, int height) {
    public Region {
        if (x < 0 || y < 0 || width < 1 || height < 1 || x > Transform.MAX_DIMENSION * 4
                || y > Transform.MAX_DIMENSION * 4 || width > Transform.MAX_DIMENSION * 4
                || height > Transform.MAX_DIMENSION * 4) {
            throw TransformException.invalid("crop", x + "," + y + "," + width + "," + height,
                    "is not a region x,y,w,h with x, y ≥ 0 and w, h ≥ 1 (at most " + Transform.MAX_DIMENSION * 4
                            + ")");
        }
    }

    /**
     * The region clipped to a source of {@code w × h} pixels.
     *
     * @throws TransformException of kind {@link ErrorKind#INVALID_PARAMETER} if the region lies outside the source
     */
    public Region within(int w, int h) {
        if (x >= w || y >= h) {
            throw TransformException.invalid("crop", token(), "starts outside the " + w + "×" + h + " source");
        }
        return new Region(x, y, Math.min(width, w - x), Math.min(height, h - y));
    }

    /** The {@code x,y,w,h} form used in URLs. */
    public String token() {
        return x + "," + y + "," + width + "," + height;
    }
}
