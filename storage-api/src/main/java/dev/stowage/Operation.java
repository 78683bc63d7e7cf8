package dev.stowage;

/** The store operation a failure or an observation belongs to. */
public enum Operation {
    OPEN, PUT, GET, STAT, EXISTS, LIST, DELETE, COPY, PUBLIC_URL, SIGNED_URL, CLOSE;

    /** Whether the operation changes what the store holds. */
    public boolean isWrite() {
        return this == PUT || this == DELETE || this == COPY;
    }
}
