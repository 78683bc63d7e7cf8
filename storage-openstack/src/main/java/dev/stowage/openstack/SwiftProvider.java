package dev.stowage.openstack;

import dev.stowage.StoreConfig;
import dev.stowage.openstack.internal.KeystoneAuth;
import dev.stowage.openstack.internal.SwiftDriver;
import dev.stowage.openstack.internal.SwiftSettings;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.BlobStoreProvider;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * Opens OpenStack Swift containers: {@code swift://container/folder?authUrl=https://keystone.example.com/v3&user=...
 * &password=...&project=...}. Authentication is Keystone v3, by user name and password (through OpenStack4j) or by an
 * application credential; the object-store endpoint comes from the token's catalog.
 */
public final class SwiftProvider implements BlobStoreProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("swift");
    }

    @Override
    public Set<String> options() {
        return Set.of("authUrl", "user", "password", "applicationCredentialId", "applicationCredentialSecret",
                "project", "domain", "region", "interface", "tempUrlKey", "partSize", "segmentSize", "segmentContainer",
                "requestTimeout");
    }

    @Override
    public BlobStoreDriver open(StoreConfig config) throws Exception {
        String container = config.host();
        if (container.isEmpty()) {
            throw config.misconfigured("a swift: URI needs a container, e.g. swift://my-container/folder?authUrl="
                    + "https://keystone.example.com/v3&user=...&password=...&project=...");
        }
        String authUrl = config.requireOption("authUrl", "the Keystone v3 URL, e.g. https://keystone.example.com/v3");
        if (!authUrl.startsWith("http://") && !authUrl.startsWith("https://")) {
            throw config.misconfigured("option 'authUrl' must be an http(s) URL, was '" + authUrl + "'");
        }
        String domain = config.option("domain", "Default");
        KeystoneAuth auth;
        String appId = config.option("applicationCredentialId").orElse(null);
        if (appId != null) {
            String secret = config.requireOption("applicationCredentialSecret", "the secret of application "
                    + "credential " + appId);
            auth = KeystoneAuth.applicationCredential(URI.create(authUrl), appId, secret);
        } else {
            String user = config.option("user").orElse(config.user());
            if (user == null) {
                throw config.misconfigured("no Keystone credentials: set user and password (with project), or "
                        + "applicationCredentialId and applicationCredentialSecret");
            }
            String password = config.requireOption("password", "the password of Keystone user " + user);
            String project = config.requireOption("project", "the Keystone project (tenant) that owns the container");
            auth = KeystoneAuth.password(URI.create(authUrl), user, password, project, domain);
        }
        int segmentSize = (int) config.partSizeOption("segmentSize", 1, 8L << 20, 1L << 20, 1L << 30);
        Duration requestTimeout = config.positiveDurationOption("requestTimeout", Duration.ofSeconds(60));
        SwiftSettings settings = new SwiftSettings(container,
                config.option("segmentContainer", container + "_segments"), segmentSize,
                config.option("region").orElse(null), config.option("interface", "public"),
                config.option("tempUrlKey").orElse(null), requestTimeout);
        return SwiftDriver.open(auth, settings);
    }
}
