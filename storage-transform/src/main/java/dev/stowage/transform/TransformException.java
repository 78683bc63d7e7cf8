package dev.stowage.transform;

import java.util.Optional;

/**
 * A transform that was refused: bad parameters, an unsupported or corrupt source, or a limit reached.
 * The {@link #kind()} says which, and {@link #parameter()} names the URL parameter or limit at fault.
 * Messages name the value and the rule, never internal state.
 */
public final class TransformException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final String parameter;

    /**
     * @param kind      why the transform was refused
     * @param parameter the parameter or limit at fault, or {@code null} when none applies
     * @param message   a message a person can act on
     * @param cause     the underlying exception, or {@code null}
     */
    public TransformException(ErrorKind kind, String parameter, String message, Throwable cause) {
        super(message, cause);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
        this.parameter = parameter;
    }

    /** Why the transform was refused. */
    public ErrorKind kind() {
        return kind;
    }

    /** The URL parameter (e.g. {@code w}) or limit (e.g. {@code maxSourcePixels}) at fault, if any. */
    public Optional<String> parameter() {
        return Optional.ofNullable(parameter);
    }

    static TransformException invalid(String parameter, String value, String rule) {
        return new TransformException(ErrorKind.INVALID_PARAMETER, parameter,
                "Invalid transform parameter '" + parameter + "': \"" + shorten(value) + "\" " + rule, null);
    }

    /** Keeps messages short when a client sends a huge value; the start is enough to recognise it. */
    static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
