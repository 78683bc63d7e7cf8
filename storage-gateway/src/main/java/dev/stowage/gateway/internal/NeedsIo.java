package dev.stowage.gateway.internal;

/** Thrown under {@link Policy#NO_IO} when the answer needs I/O; the request is then answered on a worker thread. */
final class NeedsIo extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final NeedsIo INSTANCE = new NeedsIo();

    private NeedsIo() {
        super("the answer needs I/O", null, false, false);
    }

    static void unless(boolean answerable, Policy policy) {
        if (!answerable && policy == Policy.NO_IO) {
            throw INSTANCE;
        }
    }
}
