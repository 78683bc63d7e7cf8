package dev.stowage.transform.internal.vips;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.stowage.transform.ErrorKind;
import dev.stowage.transform.TransformException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One transform's libvips resources: the native copy of the source (libvips reads it lazily, so it must live
 * until the last pixel is computed), every image made on the way (unreferenced on close), and the deadline.
 * At the deadline a watchdog sets libvips' kill flag on the image being computed, which stops its pipeline at
 * the next tile; the call then fails with {@link ErrorKind#TIMEOUT}. Not thread-safe: one call, one thread
 * (the watchdog only touches the kill flag, under this object's lock).
 */
final class VipsCall implements AutoCloseable {
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private final LibVips lib;
    private final List<Pointer> images = new ArrayList<>();
    private final Memory source;
    private final long deadline;
    private final String what;
    private Pointer computing;
    private boolean closed;
    private volatile boolean killed;

    VipsCall(byte[] data, long deadlineNanos, String what) {
        this.lib = Vips.lib();
        this.source = new Memory(Math.max(1, data.length));
        source.write(0, data, 0, data.length);
        this.deadline = deadlineNanos;
        this.what = what;
    }

    Pointer source() {
        return source;
    }

    long sourceLength() {
        return source.size();
    }

    LibVips lib() {
        return lib;
    }

    /** Keeps {@code out}'s image for unreferencing on close, or fails with libvips' error if the call failed. */
    Pointer track(int status, PointerByReference out, String operation) {
        Pointer image = out.getValue();
        if (image != null) {
            images.add(image);
        }
        if (status != 0 || image == null) {
            throw failure(operation);
        }
        return image;
    }

    /** Computes {@code image} into memory under the deadline: this is where decoding and resizing happen. */
    Pointer materialise(Pointer image) {
        checkDeadline();
        Pointer done = underDeadline(image, () -> lib.vips_image_copy_memory(image));
        if (done == null) {
            throw failure("decode");
        }
        images.add(done);
        return done;
    }

    /** Encodes with {@code saver} under the deadline and returns the encoded bytes. */
    byte[] save(Pointer image, Saver saver, String operation) {
        checkDeadline();
        PointerByReference buf = new PointerByReference();
        LongByReference len = new LongByReference();
        int status = underDeadline(image, () -> saver.save(image, buf, len));
        Pointer p = buf.getValue();
        try {
            if (status != 0 || p == null) {
                throw failure(operation);
            }
            long n = len.getValue();
            if (n > Integer.MAX_VALUE - 16) {
                throw new TransformException(ErrorKind.OUTPUT_TOO_LARGE, "maxOutputPixels",
                        "The encoded output is larger than 2 GiB", null);
            }
            return p.getByteArray(0, (int) n);
        } finally {
            Vips.free(p);
        }
    }

    /** A libvips save function. */
    interface Saver {
        int save(Pointer image, PointerByReference buf, LongByReference len);
    }

    private <T> T underDeadline(Pointer image, java.util.function.Supplier<T> work) {
        long delay = deadline - System.nanoTime();
        ScheduledFuture<?> kill;
        synchronized (this) {
            computing = image;
            kill = WATCHDOG.schedule(this::kill, Math.max(0, delay), TimeUnit.NANOSECONDS);
        }
        try {
            return work.get();
        } finally {
            kill.cancel(false);
            synchronized (this) {
                computing = null; // the watchdog may no longer touch it
            }
        }
    }

    private synchronized void kill() {
        if (computing != null && !closed) {
            killed = true;
            lib.vips_image_set_kill(computing, 1);
        }
    }

    void checkDeadline() {
        if (killed || System.nanoTime() - deadline > 0) {
            throw timeout();
        }
    }

    private TransformException timeout() {
        lib.vips_error_clear();
        return new TransformException(ErrorKind.TIMEOUT, "timeout",
                "Transforming the " + what + " source took longer than the time limit (timeout)", null);
    }

    /** The error libvips reported for a failed call, as a transform refusal. */
    TransformException failure(String operation) {
        if (killed) {
            return timeout();
        }
        String message = lib.vips_error_buffer();
        lib.vips_error_clear();
        String detail = message == null ? "" : message.strip().replace('\n', ';');
        if (detail.length() > 300) {
            detail = detail.substring(0, 300) + "...";
        }
        if (operation.equals("decode") || operation.equals("header")) {
            return new TransformException(ErrorKind.CORRUPT_IMAGE, null,
                    "The source is not a readable " + what + " image: libvips: " + detail, null);
        }
        return new TransformException(ErrorKind.CORRUPT_IMAGE, null,
                "libvips could not " + operation + " the " + what + " image: " + detail, null);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        for (int i = images.size() - 1; i >= 0; i--) {
            lib.g_object_unref(images.get(i));
        }
        images.clear();
        source.close();
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor ex = (ScheduledThreadPoolExecutor) Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "stowage-vips-deadline");
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        return ex;
    }
}
