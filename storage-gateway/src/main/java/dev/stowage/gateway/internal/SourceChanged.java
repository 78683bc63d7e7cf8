package dev.stowage.gateway.internal;

/** The original changed between planning an answer and reading it; the request is resolved again. */
final class SourceChanged extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SourceChanged(SourceRef ref) {
        super(ref + " changed while it was being read", null, false, false);
    }
}
