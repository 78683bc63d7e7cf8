package dev.stowage.testkit.faults;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An HTTP server on a free loopback port that stalls: it answers some requests in full (by method, e.g. the
 * container check a driver makes when it opens, or by request head, e.g. a metadata request or a listing's first
 * page), and any other request with a response head and part of the body
 * that head promises, or with nothing at all, and then stays silent until the client drops the connection. For
 * proving that a driver's timeouts end a stalled read. Close it to drop every connection and join its threads.
 */
public final class StallingHttpServer implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final Function<String, String> answers;
    private final String stallHead;
    private final int bodyBytes;
    private final List<Socket> accepted = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /**
     * @param answers   raw responses (status line, headers and blank line, plus any body) by request method, sent
     *                  in full on a connection that stays open
     * @param stallHead the raw response head (ending with the blank line) for any other request, or {@code null}
     *                  to send nothing
     * @param bodyBytes how many zero bytes of body follow {@code stallHead} before the silence
     */
    public StallingHttpServer(Map<String, String> answers, String stallHead, int bodyBytes) throws IOException {
        this(byMethod(Map.copyOf(answers)), stallHead, bodyBytes);
    }

    /**
     * @param answers   by request head (request line such as {@code GET /path?query HTTP/1.1}, headers and blank
     *                  line): the raw response (status line, headers and blank line, plus any body) to send in full on
     *                  a connection that stays open, where an empty one leaves the request unanswered; or
     *                  {@code null} for a request to stall as below
     * @param stallHead the raw response head (ending with the blank line) for a request to stall, or {@code null}
     *                  to send nothing
     * @param bodyBytes how many zero bytes of body follow {@code stallHead} before the silence
     */
    public StallingHttpServer(Function<String, String> answers, String stallHead, int bodyBytes)
            throws IOException {
        this.answers = answers;
        this.stallHead = stallHead;
        this.bodyBytes = bodyBytes;
        start(this::acceptLoop);
    }

    private static Function<String, String> byMethod(Map<String, String> answers) {
        return head -> answers.get(head.substring(0, Math.max(0, head.indexOf(' '))));
    }

    /** The server's base URL, {@code http://127.0.0.1:port}. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private synchronized void start(Runnable r) {
        Thread t = new Thread(r, "stalling-http-server");
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket s = server.accept();
                synchronized (this) {
                    accepted.add(s);
                }
                start(() -> serve(s));
            }
        } catch (IOException closed) {
            // the server was closed
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(60_000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String answer = answers.apply(head);
                if (answer != null) {
                    out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    continue; // the client may send its next request on the same connection
                }
                if (stallHead != null) {
                    out.write(stallHead.getBytes(StandardCharsets.ISO_8859_1));
                    out.write(new byte[bodyBytes]);
                    out.flush();
                }
                in.read(); // silent until the client drops the connection
                return;
            }
        } catch (IOException dropped) {
            // the client gave up, or the server was closed
        }
    }

    /** The head of the next request, up to its blank line; {@code null} when the client closed the connection. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Override
    public void close() throws InterruptedException, IOException {
        server.close();
        List<Thread> running;
        synchronized (this) {
            for (Socket s : accepted) {
                s.close();
            }
            running = new ArrayList<>(threads);
        }
        for (Thread t : running) {
            t.join();
        }
    }
}
