package dev.stowage.ftp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.apache.commons.net.ftp.FTPSClient;

/**
 * An explicit-TLS FTP client whose data connections resume the control connection's TLS session, as servers that
 * tie data connections to the logged-in control connection require (vsftpd's default {@code require_ssl_reuse=YES}
 * answers every other data connection with "522 SSL connection failed: session reuse required").
 *
 * <p>JSSE looks a client session up by the peer host and the port of the socket under TLS, and a data connection
 * goes to another port than the control connection, so it would never find the control connection's session (the
 * known workaround plants the session in the JDK's cache by reflection, which Java 17 no longer allows without
 * {@code --add-opens}). Here a data connection is opened as a plain socket, and TLS is layered over a view of it
 * that reports the control connection's port: the JDK's own cache then offers the control connection's session.
 * Each client has its own {@link SSLContext}, so that cache holds only its own sessions and a data connection
 * never resumes another control connection's session.
 *
 * <p>With TLS 1.3 this resumes with a ticket the server sent on the control connection. The JDK (17) uses a
 * ticket once and keeps one per host and port, so each data connection must bring the next: downloads and listings
 * read the server's new tickets before their data; an upload, whose client never reads, half-closes its side when
 * done and reads to the server's end, which takes the tickets in. With TLS 1.2 it needs a server session ID: the JDK drops TLS 1.2 tickets valid for
 * more than a week, which vsftpd sends, so such servers resume only over TLS 1.3.
 */
final class SessionReusingFtpsClient extends FTPSClient {
    private final SSLContext context;
    private boolean protectData;

    SessionReusingFtpsClient(SSLContext context) {
        super(false, context);
        this.context = context;
    }

    @Override
    public void execPROT(String prot) throws IOException {
        super.execPROT(prot);
        protectData = "P".equals(prot);
        // plain data sockets, wrapped in TLS below; FTPSClient would otherwise make them TLS sockets itself
        setSocketFactory(null);
        setServerSocketFactory(null);
    }

    @Override
    protected Socket _openDataConnection_(String command, String arg) throws IOException {
        Socket plain = super._openDataConnection_(command, arg);
        if (plain == null || !protectData || plain instanceof SSLSocket) {
            return plain;
        }
        SSLSession control = ((SSLSocket) _socket_).getSession();
        SSLSocket data;
        try {
            data = (SSLSocket) context.getSocketFactory().createSocket(
                    new SocketView(plain, control.getPeerPort()), control.getPeerHost(), control.getPeerPort(),
                    true);
            data.setUseClientMode(true);
            data.setEnableSessionCreation(true);
            data.startHandshake();
        } catch (IOException | RuntimeException e) {
            try {
                plain.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        boolean upload = command.startsWith("STOR") || command.startsWith("APPE") || command.startsWith("STOU");
        return upload ? new DrainedOnClose(data) : data;
    }

    /** An upload's data connection: closing it sends the end, then reads what the server still sends to its end. */
    private static final class DrainedOnClose extends SocketView {
        DrainedOnClose(SSLSocket real) {
            super(real, real.getPort());
        }

        /** Closing the TLS socket's own stream would close the socket at once, before the server's end is read. */
        @Override
        public OutputStream getOutputStream() throws IOException {
            return new FilterOutputStream(real.getOutputStream()) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    out.flush();
                    DrainedOnClose.this.close();
                }
            };
        }

        @Override
        public synchronized void close() throws IOException {
            try {
                if (!real.isClosed() && !real.isOutputShutdown()) {
                    real.shutdownOutput(); // TLS close_notify: the server ends the transfer and closes its side
                    InputStream in = real.getInputStream();
                    byte[] rest = new byte[512];
                    while (in.read(rest) >= 0) {
                        // nothing but the server's new session tickets and close_notify
                    }
                }
            } finally {
                real.close();
            }
        }
    }

    /**
     * A connected socket seen through a view that reports another remote port, for JSSE's session lookup; all I/O
     * and socket options go to the real socket.
     */
    private static class SocketView extends Socket {
        final Socket real;
        private final int port;

        SocketView(Socket real, int port) {
            this.real = real;
            this.port = port;
        }

        @Override
        public int getPort() {
            return port;
        }

        @Override
        public InetAddress getInetAddress() {
            return real.getInetAddress();
        }

        @Override
        public SocketAddress getRemoteSocketAddress() {
            return real.getRemoteSocketAddress();
        }

        @Override
        public InetAddress getLocalAddress() {
            return real.getLocalAddress();
        }

        @Override
        public int getLocalPort() {
            return real.getLocalPort();
        }

        @Override
        public SocketAddress getLocalSocketAddress() {
            return real.getLocalSocketAddress();
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return real.getInputStream();
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return real.getOutputStream();
        }

        @Override
        public boolean isConnected() {
            return real.isConnected();
        }

        @Override
        public boolean isBound() {
            return real.isBound();
        }

        @Override
        public boolean isClosed() {
            return real.isClosed();
        }

        @Override
        public boolean isInputShutdown() {
            return real.isInputShutdown();
        }

        @Override
        public boolean isOutputShutdown() {
            return real.isOutputShutdown();
        }

        @Override
        public void shutdownInput() throws IOException {
            real.shutdownInput();
        }

        @Override
        public void shutdownOutput() throws IOException {
            real.shutdownOutput();
        }

        @Override
        public synchronized void close() throws IOException {
            real.close();
        }

        @Override
        public synchronized void setSoTimeout(int timeout) throws SocketException {
            real.setSoTimeout(timeout);
        }

        @Override
        public synchronized int getSoTimeout() throws SocketException {
            return real.getSoTimeout();
        }

        @Override
        public void setTcpNoDelay(boolean on) throws SocketException {
            real.setTcpNoDelay(on);
        }

        @Override
        public boolean getTcpNoDelay() throws SocketException {
            return real.getTcpNoDelay();
        }

        @Override
        public void setSoLinger(boolean on, int linger) throws SocketException {
            real.setSoLinger(on, linger);
        }

        @Override
        public int getSoLinger() throws SocketException {
            return real.getSoLinger();
        }

        @Override
        public synchronized void setSendBufferSize(int size) throws SocketException {
            real.setSendBufferSize(size);
        }

        @Override
        public synchronized int getSendBufferSize() throws SocketException {
            return real.getSendBufferSize();
        }

        @Override
        public synchronized void setReceiveBufferSize(int size) throws SocketException {
            real.setReceiveBufferSize(size);
        }

        @Override
        public synchronized int getReceiveBufferSize() throws SocketException {
            return real.getReceiveBufferSize();
        }

        @Override
        public void setKeepAlive(boolean on) throws SocketException {
            real.setKeepAlive(on);
        }

        @Override
        public boolean getKeepAlive() throws SocketException {
            return real.getKeepAlive();
        }

        @Override
        public String toString() {
            return real.toString();
        }
    }
}
