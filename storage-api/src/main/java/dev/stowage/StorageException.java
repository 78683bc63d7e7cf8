package dev.stowage;

import java.util.Objects;

/**
 * The one unchecked exception every store operation throws: a portable {@link ErrorCode}, the store,
 * the operation and the key it concerns, whether retrying may help, and a hint where the cause is known.
 * The backend's own exception is kept as the cause. Messages never contain secrets.
 */
public final class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String store;
    private final Operation operation;
    private final String key;
    private final String hint;
    private final boolean retryable;
    private final String detail;

    private StorageException(Builder b) {
        super(b.detail, b.cause);
        this.code = Objects.requireNonNull(b.code, "code");
        this.store = b.store;
        this.operation = b.operation;
        this.key = b.key;
        this.hint = b.hint;
        this.detail = b.detail;
        this.retryable = b.retryable != null ? b.retryable : b.code.retryableByDefault();
    }

    /** Starts an exception with the given code and a human-readable description of what went wrong. */
    public static Builder builder(ErrorCode code, String detail) {
        return new Builder(code, detail);
    }

    /** Shorthand for an exception with only a code and a description. */
    public static StorageException of(ErrorCode code, String detail) {
        return builder(code, detail).build();
    }

    public ErrorCode code() {
        return code;
    }

    /** The name of the store, or {@code null} when the failure happened before a store was known. */
    public String store() {
        return store;
    }

    public Operation operation() {
        return operation;
    }

    /** The key the operation concerned, or {@code null}. */
    public String key() {
        return key;
    }

    /** What the user can do about it, or {@code null} when nothing specific is known. */
    public String hint() {
        return hint;
    }

    /** The description without the store/operation/key context. */
    public String detail() {
        return detail;
    }

    /** Whether trying the same operation again may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** Returns a builder holding this exception's fields, to add context (store, operation, key) to it. */
    public Builder toBuilder() {
        Builder b = new Builder(code, detail);
        b.store = store;
        b.operation = operation;
        b.key = key;
        b.hint = hint;
        b.retryable = retryable;
        b.cause = getCause();
        return b;
    }

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder();
        sb.append(code);
        if (operation != null) {
            sb.append(" on ").append(operation.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (key != null) {
            sb.append(" '").append(key).append('\'');
        }
        if (store != null) {
            sb.append(" in store '").append(store).append('\'');
        }
        if (detail != null && !detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        if (hint != null && !hint.isEmpty()) {
            sb.append(" (hint: ").append(hint).append(')');
        }
        return sb.toString();
    }

    /** Builds a {@link StorageException}. */
    public static final class Builder {
        private final ErrorCode code;
        private final String detail;
        private String store;
        private Operation operation;
        private String key;
        private String hint;
        private Boolean retryable;
        private Throwable cause;

        private Builder(ErrorCode code, String detail) {
            this.code = Objects.requireNonNull(code, "code");
            this.detail = detail;
        }

        public Builder store(String store) {
            this.store = store;
            return this;
        }

        public Builder operation(Operation operation) {
            this.operation = operation;
            return this;
        }

        public Builder key(String key) {
            this.key = key;
            return this;
        }

        public Builder hint(String hint) {
            this.hint = hint;
            return this;
        }

        public Builder retryable(boolean retryable) {
            this.retryable = retryable;
            return this;
        }

        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        public StorageException build() {
            return new StorageException(this);
        }
    }
}
