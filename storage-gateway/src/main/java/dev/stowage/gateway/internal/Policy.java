package dev.stowage.gateway.internal;

/** How far answering a request may go: with no I/O at all (on a network thread), or with any I/O (on a worker). */
public enum Policy {
    /** Answer only from memory; give up (see {@link NeedsIo}) as soon as a store, a file or a transform is needed. */
    NO_IO,
    /** Answer with whatever I/O and transforms it takes. */
    BLOCKING
}
