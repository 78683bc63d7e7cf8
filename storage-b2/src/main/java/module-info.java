/** The Backblaze B2 driver ({@code b2://bucket/folder}) over the official B2 Java SDK. */
module dev.stowage.b2 {
    requires dev.stowage.api;
    requires b2.sdk.core;
    requires b2.sdk.httpclient;
    requires org.apache.httpcomponents.httpclient;
    requires org.apache.httpcomponents.httpcore;
    requires java.net.http;

    exports dev.stowage.b2;

    provides dev.stowage.spi.BlobStoreProvider with dev.stowage.b2.B2Provider;
}
