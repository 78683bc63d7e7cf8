package dev.stowage.transform.internal.vips;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.DoubleByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The part of the libvips C API the engine calls, mapped by JNA. Operations take their optional arguments as
 * C varargs: name/value pairs ended by {@code NULL}. JNA passes Java {@code Integer} as C {@code int} (enums and
 * {@code gboolean} too), {@code Double} as {@code double}, {@code String} as {@code char *} and {@code Pointer}
 * as a pointer, which is what {@code vips_object_set_valist} collects for each property type; every call here
 * ends its list with {@code null}. Sizes ({@code size_t}, {@code GType}) are passed as Java {@code long}, so the
 * engine only runs on 64-bit platforms (checked when the library is loaded).
 */
interface LibVips extends Library {
    /** A GLib log handler: {@code void (*)(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer)}. */
    interface LogHandler extends com.sun.jna.Callback {
        void log(String domain, int level, Pointer message, Pointer data);
    }

    int g_log_set_handler(String domain, int levels, LogHandler handler, Pointer data);

    int vips_init(String argv0);

    String vips_version_string();

    int vips_version(int flag);

    void vips_cache_set_max(int max);

    void vips_cache_set_max_mem(long bytes);

    void vips_cache_set_max_files(int max);

    void vips_concurrency_set(int concurrency);

    long vips_type_find(String basename, String nickname);

    long g_type_from_name(String name);

    int vips_enum_from_nick(String domain, long type, String nick);

    String vips_error_buffer();

    void vips_error_clear();

    void g_object_unref(Pointer object);

    void g_free(Pointer memory);

    Pointer vips_image_new_from_buffer(Pointer buf, long length, String optionString, Object... options);

    int vips_image_get_width(Pointer image);

    int vips_image_get_height(Pointer image);

    int vips_image_get_bands(Pointer image);

    int vips_image_get_format(Pointer image);

    int vips_image_get_interpretation(Pointer image);

    int vips_image_hasalpha(Pointer image);

    long vips_image_get_typeof(Pointer image, String name);

    int vips_image_get_int(Pointer image, String name, IntByReference out);

    void vips_image_set_kill(Pointer image, int kill);

    Pointer vips_image_copy_memory(Pointer image);

    Pointer vips_array_double_new(double[] values, int n);

    void vips_area_unref(Pointer area);

    int vips_thumbnail_buffer(Pointer buf, long length, PointerByReference out, int width, Object... options);

    int vips_thumbnail_image(Pointer in, PointerByReference out, int width, Object... options);

    int vips_autorot(Pointer in, PointerByReference out, Object... options);

    int vips_black(PointerByReference out, int width, int height, Object... options);

    int vips_extract_area(Pointer in, PointerByReference out, int left, int top, int width, int height,
                          Object... options);

    int vips_extract_band(Pointer in, PointerByReference out, int band, Object... options);

    int vips_embed(Pointer in, PointerByReference out, int x, int y, int width, int height, Object... options);

    int vips_flatten(Pointer in, PointerByReference out, Object... options);

    int vips_bandjoin_const1(Pointer in, PointerByReference out, double c, Object... options);

    int vips_colourspace(Pointer in, PointerByReference out, int space, Object... options);

    int vips_cast(Pointer in, PointerByReference out, int format, Object... options);

    int vips_min(Pointer in, DoubleByReference out, Object... options);

    int vips_rot(Pointer in, PointerByReference out, int angle, Object... options);

    int vips_flip(Pointer in, PointerByReference out, int direction, Object... options);

    int vips_gaussblur(Pointer in, PointerByReference out, double sigma, Object... options);

    int vips_sharpen(Pointer in, PointerByReference out, Object... options);

    int vips_jpegsave_buffer(Pointer in, PointerByReference buf, LongByReference length, Object... options);

    int vips_pngsave_buffer(Pointer in, PointerByReference buf, LongByReference length, Object... options);

    int vips_webpsave_buffer(Pointer in, PointerByReference buf, LongByReference length, Object... options);

    int vips_heifsave_buffer(Pointer in, PointerByReference buf, LongByReference length, Object... options);
}
