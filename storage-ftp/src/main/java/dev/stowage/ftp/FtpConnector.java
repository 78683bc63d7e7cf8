package dev.stowage.ftp;

import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import dev.stowage.spi.ConnectionPool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** Opens FTP control connections for the pool: connect, TLS, log in, binary mode, change to the root folder. */
final class FtpConnector implements ConnectionPool.Connector<FtpSession> {
    /** Large enough that a 64 MiB transfer is not dominated by per-write system calls. */
    private static final int BUFFER = 256 * 1024;

    private final FtpSettings settings;
    /** Learnt from the server, shared by all sessions: whether RNTO replaces an existing file. */
    private final AtomicBoolean renameReplaces = new AtomicBoolean(true);

    FtpConnector(FtpSettings settings) {
        this.settings = settings;
    }

    @Override
    public FtpSession connect() throws IOException, GeneralSecurityException {
        FTPClient client = settings.tls() ? tlsClient() : new FTPClient();
        client.setControlEncoding(StandardCharsets.UTF_8.name());
        client.setConnectTimeout((int) settings.connectTimeout().toMillis());
        client.setDefaultTimeout((int) settings.readTimeout().toMillis());
        client.setDataTimeout(settings.readTimeout());
        client.setBufferSize(BUFFER);
        // data socket buffer sizes are left to the OS: setting them turns off Linux's TCP buffer auto-tuning, which
        // grows them well past 256 KiB on fast links (measured: half of curl's throughput with them set)
        try {
            client.connect(settings.host(), settings.port());
            if (!FTPReply.isPositiveCompletion(client.getReplyCode())) {
                throw StorageException.builder(ErrorCode.UNAVAILABLE, "the FTP server at " + settings.host() + ":"
                        + settings.port() + " refused the connection: " + client.getReplyString().strip()).build();
            }
            client.setSoTimeout((int) settings.readTimeout().toMillis());
            if (client instanceof FTPSClient ftps) {
                ftps.execPBSZ(0);
                ftps.execPROT("P"); // encrypt data connections too, not only the control connection
            }
            if (!client.login(settings.user(), settings.password())) {
                throw StorageException.builder(ErrorCode.UNAUTHENTICATED, "the FTP server refused user '"
                        + settings.user() + "': " + client.getReplyString().strip())
                        .hint("check the user and the password (given in the URI's user-info or the password "
                                + "option)").build();
            }
            client.setFileType(FTP.BINARY_FILE_TYPE);
            if (settings.passive()) {
                client.enterLocalPassiveMode();
            } else {
                client.enterLocalActiveMode();
            }
            client.sendCommand("OPTS", "UTF8 ON"); // servers that need it switch to UTF-8 names; others ignore it
            boolean mlst = client.hasFeature("MLST");
            boolean mlstTypes = mlst && FtpPaths.listsFact(client.featureValues("MLST"), "type");
            boolean lsStyle = !mlst && isUnix(client);
            enterRoot(client);
            String home = client.printWorkingDirectory();
            if (home == null) {
                throw new FtpReplyException("PWD", client.getReplyCode(), client.getReplyString());
            }
            return new FtpSession(client, mlst, mlstTypes, lsStyle, home, renameReplaces);
        } catch (IOException | RuntimeException e) {
            quietlyDisconnect(client);
            throw e;
        }
    }

    private static boolean isUnix(FTPClient client) {
        try {
            String type = client.getSystemType();
            return type != null && type.toUpperCase(java.util.Locale.ROOT).startsWith("UNIX");
        } catch (IOException e) {
            return false; // no SYST: not taken for an ls-style server
        }
    }

    private FTPClient tlsClient() throws IOException, GeneralSecurityException {
        // one context per connection: its session cache then holds only this connection's session (see
        // SessionReusingFtpsClient)
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {settings.tlsTrust().trustManager()}, null);
        FTPSClient ftps = new SessionReusingFtpsClient(context);
        ftps.setEndpointCheckingEnabled(settings.tlsTrust().checksHostName());
        return ftps;
    }

    private void enterRoot(FTPClient client) throws IOException {
        String root = settings.root();
        if (root.isEmpty() || client.changeWorkingDirectory(root)) {
            return;
        }
        if (!settings.create()) {
            throw StorageException.builder(ErrorCode.MISCONFIGURED, "folder '" + root + "' does not exist on "
                    + settings.endpoint()).hint("create it, or drop create=false").build();
        }
        StringBuilder path = new StringBuilder(root.startsWith("/") ? "/" : "");
        for (String segment : root.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            path.append(segment);
            client.makeDirectory(path.toString()); // exists already, or created; checked by the CWD below
            path.append('/');
        }
        if (!client.changeWorkingDirectory(root)) {
            throw StorageException.builder(ErrorCode.PERMISSION_DENIED, "cannot enter or create folder '" + root
                    + "' on " + settings.endpoint() + ": " + client.getReplyString().strip())
                    .hint("check that the path exists and user '" + settings.user() + "' may use it").build();
        }
    }

    /** Refused or reset before login, or "421 too many connections": worth another try after a pause. */
    @Override
    public boolean isTransient(Exception failure) {
        if (failure instanceof java.net.ConnectException || failure instanceof java.net.SocketException
                || failure instanceof org.apache.commons.net.ftp.FTPConnectionClosedException) {
            return true;
        }
        return failure instanceof StorageException se && se.code() == ErrorCode.UNAVAILABLE
                && se.getMessage().contains(" 421");
    }

    @Override
    public boolean isUsable(FtpSession session) {
        return session.isUsable();
    }

    @Override
    public void disconnect(FtpSession session) {
        session.disconnect();
    }

    private static void quietlyDisconnect(FTPClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
        } catch (IOException ignored) {
            // already failing
        }
    }
}
