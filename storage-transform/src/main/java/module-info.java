/**
 * Image transforms for Stowage: resize, fit, crop, re-encode, with safety limits, plus parsers for the
 * {@code w=800&h=600} query dialect and the ImageKit {@code tr:w-300,h-300} dialect.
 *
 * <p>Decoders and encoders are ImageIO plugins (TwelveMonkeys for JPEG, WebP and BMP, a libwebp binding for
 * WebP output). They are looked up through the ImageIO registry, so they work from the class path and, as
 * automatic modules, from the module path: {@code java.desktop} declares {@code uses} for the ImageIO
 * service interfaces, and service binding resolves the plugin modules without a {@code requires} here.
 * One exception: the WebP encoder's Kotlin runtime is an explicit module that no automatic module can
 * require, so module-path applications add {@code --add-modules kotlin.stdlib}; without it WebP output is
 * refused with {@link dev.stowage.transform.ErrorKind#ENCODER_UNAVAILABLE} saying so.
 *
 * <p>The libvips engine calls the system's libvips through JNA ({@code com.sun.jna}); where libvips is not
 * installed the module runs on the pure-Java engine.
 */
module dev.stowage.transform {
    requires java.desktop;
    requires com.sun.jna;

    exports dev.stowage.transform;

    // JNA builds the libvips binding as a proxy of an interface in this package.
    opens dev.stowage.transform.internal.vips to com.sun.jna;
}
