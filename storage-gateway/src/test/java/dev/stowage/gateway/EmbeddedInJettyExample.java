package dev.stowage.gateway;

import dev.stowage.BlobStores;
import java.nio.file.Path;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/** The README's "plain Java main" example, run by {@link EmbeddingExamplesTest}. */
public final class EmbeddedInJettyExample {
    public static void main(String[] args) throws Exception {
        Server server = start(Path.of(args[0]), Path.of(args[1]), 8080);
        server.join();
    }

    static Server start(Path photos, Path cache, int port) throws Exception {
        Gateway gateway = Gateway.builder(GatewayOptions.builder(cache).build())
                .store("photos", BlobStores.open(photos.toUri().toString()))
                .build();
        Server server = new Server(port);
        server.setHandler(gateway.handler());
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopped(LifeCycle event) {
                gateway.close(); // closes the stores too
            }
        });
        server.start();
        return server;
    }
}
