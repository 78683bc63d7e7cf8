package dev.stowage.sftp;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import dev.stowage.spi.ConnectionPool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Opens SSH connections and their SFTP channels for the pool, checks the host key, and enters the root folder. */
final class SftpConnector implements ConnectionPool.Connector<SftpSession> {
    private final SftpSettings settings;
    private final JSch jsch;
    private final HostKeyCheck hostKeys;
    /** Learnt from the server, shared by all sessions: whether rename replaces an existing file. */
    private final AtomicBoolean renameReplaces = new AtomicBoolean(true);
    /** The host key algorithms to ask for, learnt by the first connection; {@code null} for JSch's default. */
    private volatile String hostKeyAlgorithms;

    /** Reads the identity and known hosts before any connection, so that configuration errors come first. */
    SftpConnector(SftpSettings settings) {
        this.settings = settings;
        this.jsch = new JSch();
        try {
            if (settings.privateKey() != null) {
                byte[] phrase = settings.passphrase() == null ? null
                        : settings.passphrase().getBytes(StandardCharsets.UTF_8);
                checkKey(phrase);
                jsch.addIdentity(settings.user() + "@" + settings.host(), settings.privateKey(), null, phrase);
            }
        } catch (JSchException e) {
            throw StorageException.builder(ErrorCode.MISCONFIGURED, "the private key (" + settings.privateKeySource()
                    + ") cannot be used: " + e.getMessage()).operation(dev.stowage.Operation.OPEN)
                    .hint(settings.passphrase() == null ? "if the key is encrypted, set the passphrase option"
                            : "check the passphrase option").build();
        }
        com.jcraft.jsch.HostKeyRepository known = null;
        if (Files.isReadable(settings.knownHosts())) {
            try {
                jsch.setKnownHosts(settings.knownHosts().toString());
                known = jsch.getHostKeyRepository();
            } catch (JSchException e) {
                throw StorageException.builder(ErrorCode.MISCONFIGURED, "known hosts file '" + settings.knownHosts()
                        + "' cannot be read: " + e.getMessage()).operation(dev.stowage.Operation.OPEN).build();
            }
        }
        hostKeys = new HostKeyCheck(known, settings.knownHosts(), settings.hostKey(),
                settings.strictHostKeyChecking());
        jsch.setHostKeyRepository(hostKeys);
    }

    /** JSch only finds out at login that a passphrase is missing or wrong; this says so before. */
    private void checkKey(byte[] phrase) throws JSchException {
        KeyPair pair = KeyPair.load(jsch, settings.privateKey(), null);
        try {
            if (pair.isEncrypted() && (phrase == null || !pair.decrypt(phrase))) {
                throw new JSchException(phrase == null ? "the key is encrypted and no passphrase is set"
                        : "the passphrase does not decrypt it");
            }
        } finally {
            pair.dispose();
        }
    }

    HostKeyCheck hostKeys() {
        return hostKeys;
    }

    /**
     * Opens a connection. A server offers its host keys in its own order of preference (OpenSSH: ed25519 before
     * RSA); when the key it offers is not the pinned one, the connection is tried again asking for the other key
     * types, one type at a time, until the pinned key is among them. The host key types that worked are kept for
     * the next connections.
     */
    @Override
    public SftpSession connect() throws JSchException, SftpException {
        String algorithms = hostKeyAlgorithms;
        List<String> tried = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        JSchException refusal = null;
        while (true) {
            Session session = jsch.getSession(settings.user(), settings.host(), settings.port());
            try {
                SftpSession s = connect(session, algorithms);
                hostKeyAlgorithms = algorithms;
                return s;
            } catch (JSchException e) {
                HostKey offered = session.getHostKey();
                if (refusal != null && String.valueOf(e.getMessage()).contains("Algorithm negotiation fail")) {
                    // the server has no key of the types left: none of its keys is the pinned one
                    hostKeys.remember(String.join(", ", seen));
                    throw refusal;
                }
                if (!hostKeys.isPinned() || offered == null || !isHostKeyRefusal(e)) {
                    throw e;
                }
                refusal = e;
                tried.add(HostKeyTypes.family(offered.getType()));
                seen.add(HostKeyCheck.fingerprint(java.util.Base64.getDecoder().decode(offered.getKey())) + " ("
                        + offered.getType() + ")");
                algorithms = HostKeyTypes.except(tried);
                if (algorithms.isEmpty()) {
                    hostKeys.remember(String.join(", ", seen));
                    throw e;
                }
            }
        }
    }

    private static boolean isHostKeyRefusal(JSchException e) {
        String type = e.getClass().getSimpleName();
        String message = e.getMessage() == null ? "" : e.getMessage();
        return type.equals("JSchChangedHostKeyException") || message.startsWith("HostKey has been changed");
    }

    @Override
    public boolean isTransient(Exception failure) {
        if (!(failure instanceof JSchException)) {
            return false;
        }
        for (Throwable c = failure.getCause(); c != null; c = c.getCause()) {
            if (c instanceof java.net.ConnectException || c instanceof java.net.SocketException
                    || c instanceof java.io.EOFException) {
                return true;
            }
        }
        String message = String.valueOf(failure.getMessage());
        // OpenSSH's MaxStartups closes surplus connections before or during the key exchange
        return message.contains("Connection reset") || message.contains("connection is closed by foreign host")
                || message.contains("Connection refused");
    }

    private SftpSession connect(Session session, String hostKeyAlgorithms) throws JSchException, SftpException {
        ChannelSftp channel = null;
        try {
            if (hostKeyAlgorithms != null) {
                session.setConfig("server_host_key", hostKeyAlgorithms);
            }
            if (settings.password() != null) {
                session.setPassword(settings.password());
            }
            session.setConfig("StrictHostKeyChecking", "yes"); // HostKeyCheck decides, pin and opt-out included
            session.setConfig("PreferredAuthentications", settings.privateKey() != null
                    ? "publickey,keyboard-interactive,password" : "keyboard-interactive,password");
            session.setTimeout((int) settings.readTimeout().toMillis());
            session.connect((int) settings.connectTimeout().toMillis());
            channel = (ChannelSftp) session.openChannel("sftp");
            channel.connect((int) settings.connectTimeout().toMillis());
            channel.setFilenameEncoding(StandardCharsets.UTF_8);
            enterRoot(channel);
            boolean posixRename = channel.getExtension("posix-rename@openssh.com") != null;
            return new SftpSession(session, channel, posixRename, renameReplaces);
        } catch (JSchException | SftpException | RuntimeException e) {
            if (channel != null) {
                channel.disconnect();
            }
            session.disconnect();
            throw e;
        }
    }

    private void enterRoot(ChannelSftp channel) throws SftpException {
        String root = settings.root();
        if (root.isEmpty()) {
            return;
        }
        String quoted = SftpSession.quote(root);
        try {
            channel.cd(quoted);
        } catch (SftpException e) {
            if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE || !settings.create()) {
                throw e;
            }
            StringBuilder path = new StringBuilder(root.startsWith("/") ? "/" : "");
            for (String segment : root.split("/")) {
                if (segment.isEmpty()) {
                    continue;
                }
                path.append(segment);
                try {
                    channel.mkdir(SftpSession.quote(path.toString()));
                } catch (SftpException exists) {
                    // there already, or not allowed: the cd below tells
                }
                path.append('/');
            }
            channel.cd(quoted);
        }
    }

    @Override
    public boolean isUsable(SftpSession session) {
        return session.isUsable();
    }

    @Override
    public void disconnect(SftpSession session) {
        session.disconnect();
    }
}
