/**
 * The OpenStack Swift driver ({@code swift://container/folder?authUrl=...}): Keystone v3 authentication through
 * OpenStack4j, object operations on Swift's REST API.
 */
module dev.stowage.openstack {
    requires dev.stowage.api;
    requires openstack4j;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;

    exports dev.stowage.openstack;

    provides dev.stowage.spi.BlobStoreProvider with dev.stowage.openstack.SwiftProvider;
}
