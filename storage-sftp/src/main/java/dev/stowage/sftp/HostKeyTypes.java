package dev.stowage.sftp;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The families of SSH host key algorithms, for asking a server for another type of host key than the one it
 * prefers: a key of one type is offered under any of its family's algorithms (an RSA key as rsa-sha2-512 or
 * rsa-sha2-256).
 */
final class HostKeyTypes {
    private static final List<List<String>> FAMILIES = List.of(
            List.of("ssh-ed25519"),
            List.of("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"),
            List.of("rsa-sha2-512", "rsa-sha2-256"));

    private HostKeyTypes() {
    }

    /** The family of a key type as JSch names it ("ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256"). */
    static String family(String keyType) {
        if (keyType.startsWith("ecdsa-")) {
            return "ecdsa";
        }
        return keyType.equals("ssh-rsa") || keyType.startsWith("rsa-") ? "rsa" : keyType;
    }

    /** The algorithms of every family not in {@code tried}, comma-separated ("" when none are left). */
    static String except(List<String> tried) {
        return FAMILIES.stream().filter(f -> !tried.contains(family(f.get(0)))).flatMap(List::stream)
                .collect(Collectors.joining(","));
    }
}
