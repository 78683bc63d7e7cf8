package dev.stowage.transform.internal.vips;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.List;
import java.util.Locale;

/**
 * Loads and configures libvips once per JVM, and remembers why it could not be loaded. Configuration follows
 * what libvips servers do for untrusted input (imgproxy, sharp): no operation cache (every request is new),
 * one worker thread per pipeline (the caller's pool gives the parallelism), and loaders marked untrusted
 * (ImageMagick, PDF, …) blocked.
 */
public final class Vips {
    /** Library names tried in order: the linker's search path, Debian's soname, then Homebrew's prefixes. */
    private static final List<String> CANDIDATES = List.of("vips", "libvips.so.42",
            "/opt/homebrew/lib/libvips.42.dylib", "/usr/local/lib/libvips.42.dylib");
    static final String INSTALL_HINT = "install libvips (Debian/Ubuntu: apt-get install libvips42; "
            + "macOS: brew install vips) or choose the java engine";

    private Vips() {
    }

    /** Whether libvips is loaded and initialised. */
    public static boolean available() {
        return Holder.PROBLEM == null;
    }

    /** Why libvips is not available, with how to install it; {@code null} when it is. */
    public static String problem() {
        return Holder.PROBLEM;
    }

    /** The libvips version, e.g. {@code 8.14.1}, or {@code null} when not available. */
    public static String version() {
        return available() ? Holder.lib.vips_version_string() : null;
    }

    /** Whether this libvips build can write AVIF (libheif with an AV1 encoder). */
    public static boolean avifAvailable() {
        return available() && Holder.AVIF;
    }

    static LibVips lib() {
        if (!available()) {
            throw new IllegalStateException("libvips is not available: " + Holder.PROBLEM);
        }
        return Holder.lib;
    }

    /** The integer value of an enum member by its nick, e.g. ("VipsSize", "force"), as libvips defines it. */
    static int enumValue(String typeName, String nick) {
        LibVips lib = lib();
        long type = lib.g_type_from_name(typeName);
        int value = type == 0 ? -1 : lib.vips_enum_from_nick("stowage", type, nick);
        if (value < 0) {
            lib.vips_error_clear();
            throw new IllegalStateException("libvips has no " + typeName + " '" + nick + "'");
        }
        return value;
    }

    private static final class Holder {
        /**
         * Drops libvips' GLib warnings (e.g. "unknown EXIF resolution unit" for many camera files), which it
         * would otherwise print to stderr for every request; failures reach the caller through the error buffer.
         * Kept in a field so the native callback is never collected.
         */
        static final LibVips.LogHandler SILENT = (domain, level, message, data) -> { };
        static final int G_LOG_LEVEL_WARNING = 1 << 4;
        static LibVips lib;
        static String loadedName;
        static boolean AVIF;
        static final String PROBLEM = load();

        /** Never throws: a platform JNA itself cannot run on leaves the Java engine working. */
        private static String load() {
            try {
                return loadLibvips();
            } catch (LinkageError e) {
                lib = null;
                return "JNA cannot run on this platform (" + shorten(e) + "); " + INSTALL_HINT;
            }
        }

        private static String loadLibvips() {
            if (Native.POINTER_SIZE != 8) {
                return "the libvips engine needs a 64-bit JVM";
            }
            String vendorDir = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac")
                    ? "macOS: brew install vips" : "Debian/Ubuntu: apt-get install libvips42";
            Throwable last = null;
            for (String name : CANDIDATES) {
                try {
                    lib = Native.load(name, LibVips.class);
                    loadedName = name;
                    break;
                } catch (UnsatisfiedLinkError e) {
                    last = e;
                }
            }
            if (lib == null) {
                return "libvips is not installed or not found (" + shorten(last) + "); " + INSTALL_HINT
                        + " [" + vendorDir + "]";
            }
            try {
                if (lib.vips_init("stowage") != 0) {
                    return "libvips did not initialise: " + lib.vips_error_buffer();
                }
                // thumbnail's fail_on arrived in 8.12 (Ubuntu 22.04 ships 8.12, Debian 12 8.14)
                if (lib.vips_version(0) < 8 || lib.vips_version(0) == 8 && lib.vips_version(1) < 12) {
                    return "libvips " + lib.vips_version_string() + " is too old (8.12 or later is needed); "
                            + INSTALL_HINT;
                }
                lib.g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, SILENT, null);
                lib.vips_cache_set_max(0);
                lib.vips_cache_set_max_mem(0);
                lib.vips_cache_set_max_files(0);
                lib.vips_concurrency_set(1);
                blockUntrusted();
                AVIF = lib.vips_type_find("VipsOperation", "heifsave_buffer") != 0 && canWriteAvif();
                lib.vips_error_clear();
                return null;
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                return "libvips could not be set up: " + shorten(e) + "; " + INSTALL_HINT;
            }
        }

        /** libvips 8.13 added the untrusted flag; older versions have no such loaders blocked by us. */
        private static void blockUntrusted() {
            try {
                Function f = NativeLibrary.getInstance(loadedName)
                        .getFunction("vips_block_untrusted_set");
                f.invokeVoid(new Object[] {1});
            } catch (UnsatisfiedLinkError e) {
                // older than 8.13: nothing to block through this call
            }
        }

        /** heifsave may exist without an AV1 encoder (HEVC only); a one-pixel encode tells. */
        private static boolean canWriteAvif() {
            try {
                return VipsOps.probeAvif(lib);
            } catch (RuntimeException e) {
                return false;
            }
        }

        private static String shorten(Throwable t) {
            String m = t == null ? "unknown" : String.valueOf(t.getMessage());
            return m.length() > 200 ? m.substring(0, 200) + "..." : m;
        }
    }

    /** Frees memory libvips allocated for a result. */
    static void free(Pointer p) {
        if (p != null) {
            lib().g_free(p);
        }
    }
}
