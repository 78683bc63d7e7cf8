package dev.stowage.sftp;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.UserInfo;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Decides whether a server's host key is accepted: it must match the pinned fingerprint ({@code hostKey}) when one
 * is set, else be listed in the known_hosts file; only an explicit {@code strictHostKeyChecking=false} accepts any
 * key. It never writes to known_hosts. It remembers the last key it saw, so that a refusal can name it.
 */
final class HostKeyCheck implements HostKeyRepository {
    /** What the last check concluded, for the error message. */
    record Seen(String host, String fingerprint, int result) {
    }

    private final HostKeyRepository knownHosts;
    private final Path knownHostsFile;
    private final String pin;
    private final boolean strict;
    private volatile Seen last;

    /**
     * @param knownHosts     the parsed known_hosts file, or {@code null} when there is none
     * @param knownHostsFile the file's path, for messages
     * @param pin            a pinned fingerprint ({@code SHA256:...}), or {@code null}
     * @param strict         whether keys not pinned and not known are refused
     */
    HostKeyCheck(HostKeyRepository knownHosts, Path knownHostsFile, String pin, boolean strict) {
        this.knownHosts = knownHosts;
        this.knownHostsFile = knownHostsFile;
        this.pin = pin == null ? null : normalise(pin);
        this.strict = strict;
    }

    static String fingerprint(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String normalise(String fingerprint) {
        String f = fingerprint.strip();
        while (f.endsWith("=")) {
            f = f.substring(0, f.length() - 1);
        }
        return "SHA256:" + f.substring("SHA256:".length());
    }

    Seen last() {
        return last;
    }

    /** Records the keys of every type a server offered when none matched the pin, for the refusal's message. */
    void remember(String fingerprints) {
        Seen l = last;
        last = new Seen(l == null ? "" : l.host(), fingerprints, CHANGED);
    }

    Path knownHostsFile() {
        return knownHostsFile;
    }

    boolean isPinned() {
        return pin != null;
    }

    @Override
    public int check(String host, byte[] key) {
        String seen = fingerprint(key);
        int result;
        if (pin != null) {
            result = pin.equals(seen) ? OK : CHANGED;
        } else if (!strict) {
            result = OK;
        } else {
            result = knownHosts == null ? NOT_INCLUDED : knownHosts.check(host, key);
        }
        last = new Seen(host, seen, result);
        return result;
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // never: trusting a new key is the user's decision (pin it or add it to known_hosts)
    }

    @Override
    public void remove(String host, String type) {
        // never changes the known_hosts file
    }

    @Override
    public void remove(String host, String type, byte[] key) {
        // never changes the known_hosts file
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return knownHostsFile.toString();
    }

    @Override
    public HostKey[] getHostKey() {
        return knownHosts == null ? new HostKey[0] : knownHosts.getHostKey();
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return knownHosts == null ? new HostKey[0] : knownHosts.getHostKey(host, type);
    }
}
