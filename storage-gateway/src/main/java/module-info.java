/**
 * The Stowage image gateway as a library: serves originals and transformed images from any {@link dev.stowage.BlobStore}
 * through a Jetty 12 {@code Handler} ({@link dev.stowage.gateway.Gateway#handler()}), a Jakarta Servlet
 * ({@link dev.stowage.gateway.GatewayServlet}) or a stand-alone server ({@link dev.stowage.gateway.GatewayServer}).
 */
module dev.stowage.gateway {
    requires transitive dev.stowage.api;
    requires transitive dev.stowage.transform;
    requires transitive org.eclipse.jetty.server;
    requires static jakarta.servlet;
    requires transitive micrometer.core;
    requires micrometer.registry.prometheus;
    requires java.desktop;
    requires org.slf4j;

    exports dev.stowage.gateway;

    uses dev.stowage.spi.BlobStoreProvider;
}
