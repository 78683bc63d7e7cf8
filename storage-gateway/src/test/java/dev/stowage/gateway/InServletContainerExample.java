package dev.stowage.gateway;

import dev.stowage.BlobStores;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/** The README's Servlet container example, run by {@link EmbeddingExamplesTest}. */
public final class InServletContainerExample {
    static Server start(Path photos, Path cache, int port) throws Exception {
        Gateway gateway = Gateway.builder(GatewayOptions.builder(cache).build())
                .store("photos", BlobStores.open(photos.toUri().toString()))
                .build();
        ServletContextHandler context = new ServletContextHandler("/app");
        context.addServlet(new ServletHolder(new GatewayServlet(gateway)), "/images/*");
        Server server = new Server(port);
        server.setHandler(context);
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
