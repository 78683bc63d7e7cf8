package dev.stowage.bunny;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server for the Bunny driver's stall test: folder listings ({@code GET .../}) and {@code DESCRIBE}
 * are answered in full with one 1000-byte file named {@code a}; a download is answered with headers promising 1000 bytes, 500 of them, and
 * then silence until the client gives up. The driver looks the file up before it downloads, which is why the testkit's
 * {@code StallingHttpServer} (one answer per method) does not fit.
 */
final class MidBodyStallServer implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    MidBodyStallServer() throws IOException {
        Thread t = new Thread(this::accept, "mid-body-stall");
        t.setDaemon(true);
        t.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void accept() {
        try {
            while (true) {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "mid-body-stall-conn");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException closed) {
            // the server was closed
        }
    }

    private void serve(Socket s) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                String method = line.split(" ")[0];
                String path = line.split(" ")[1];
                while (!(line = in.readLine()).isEmpty()) {
                    // headers are not needed
                }
                if (path.endsWith("/") || method.equals("DESCRIBE")) {
                    String entry = "{\"ObjectName\":\"a\",\"Length\":1000,\"IsDirectory\":false,"
                            + "\"LastChanged\":\"2024-05-10T11:07:29.203\",\"Checksum\":null}";
                    byte[] body = (method.equals("DESCRIBE") ? entry : "[" + entry + "]")
                            .getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                } else {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000"
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(new byte[500]);
                    out.flush();
                    while (in.read() >= 0) {
                        // silent until the client drops the connection
                    }
                    return;
                }
            }
        } catch (IOException | RuntimeException dropped) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
