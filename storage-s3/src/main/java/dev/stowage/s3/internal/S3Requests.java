package dev.stowage.s3.internal;

import dev.stowage.spi.Deadline;
import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/**
 * How every S3 request is bounded by the deadline of the call it serves: what is left of the deadline becomes the
 * request's {@code apiCallTimeout}, so the SDK's own timer aborts a request stalled on its socket, which an interrupt
 * alone does not end.
 *
 * <p>The deadline is {@linkplain Deadline#current() current} only on the caller's thread, so a sequence that sends
 * requests from other threads (the parts of a multipart upload or copy) takes a {@link Bound} on the caller's thread
 * first and hands that to its workers.
 */
final class S3Requests {
    /**
     * The least time a clean-up request (aborting a failed multipart upload, removing an object that failed its
     * check) is given, even when the call's deadline has already passed: the call fails with DEADLINE_EXCEEDED either
     * way, and an upload left behind keeps its parts stored, and billed, until a lifecycle rule removes them. So the
     * clean-up gets what is left of the deadline or this, whichever is longer, not an already-expired bound; a call
     * whose clean-up stalls too ends at most this long after its deadline.
     */
    static final Duration CLEAN_UP_GRACE = Duration.ofSeconds(10);

    private S3Requests() {
    }

    /** The deadline of the call the current thread works for, for requests sent from any thread. */
    static Bound bound() {
        return new Bound(Deadline.current().orElse(null));
    }

    /** For {@code overrideConfiguration} of a request sent on the caller's thread. */
    static void withinDeadline(AwsRequestOverrideConfiguration.Builder b) {
        bound().accept(b);
    }

    /**
     * A call's deadline (or none) as a request override. Each request it is applied to gets what is left when it is
     * built, so a part sent late gets less.
     */
    record Bound(Deadline deadline) implements Consumer<AwsRequestOverrideConfiguration.Builder> {
        @Override
        public void accept(AwsRequestOverrideConfiguration.Builder b) {
            if (deadline != null) {
                b.apiCallTimeout(deadline.remainingAsTimeout());
            }
        }

        /** The bound of a clean-up request: what is left of the deadline, but at least {@link #CLEAN_UP_GRACE}. */
        Consumer<AwsRequestOverrideConfiguration.Builder> forCleanUp() {
            return b -> {
                if (deadline != null) {
                    Duration left = deadline.remaining();
                    b.apiCallTimeout(left.compareTo(CLEAN_UP_GRACE) > 0 ? left : CLEAN_UP_GRACE);
                }
            };
        }

        /**
         * Sends a clean-up request after {@code failure}, recording its own failure as suppressed. The deadline's
         * interrupt of the caller is set aside meanwhile (the SDK refuses to start a request on an interrupted
         * thread) and restored afterwards.
         */
        void cleanUp(Throwable failure, Consumer<Consumer<AwsRequestOverrideConfiguration.Builder>> request) {
            boolean interrupted = Thread.interrupted();
            try {
                request.accept(forCleanUp());
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
