package dev.stowage.cli;

/** A location, option value or argument the user wrote that cannot be used; the message says what is wrong. */
public final class LocationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public LocationException(String message) {
        super(message);
    }

    public LocationException(String message, Throwable cause) {
        super(message, cause);
    }
}
