package dev.stowage.openstack;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.StoreConfig;
import dev.stowage.testkit.BlobStoreContract;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The Swift driver against the whole conformance kit on a real OpenStack cloud, when credentials are given:
 * {@code STOWAGE_SWIFT_CONTAINER}, {@code OS_AUTH_URL} (Keystone v3), and either {@code OS_USERNAME},
 * {@code OS_PASSWORD}, {@code OS_PROJECT_NAME} (+ optional {@code OS_USER_DOMAIN_NAME}) or
 * {@code OS_APPLICATION_CREDENTIAL_ID} and {@code OS_APPLICATION_CREDENTIAL_SECRET}; optional {@code OS_REGION_NAME}
 * and {@code STOWAGE_SWIFT_TEMP_URL_KEY}. Skipped otherwise.
 */
@EnabledIfEnvironmentVariable(named = "STOWAGE_SWIFT_CONTAINER", matches = ".+")
class SwiftLiveConformanceTest extends BlobStoreContract {
    @Override
    protected BlobStore openStore(String namespace) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("authUrl", System.getenv("OS_AUTH_URL"));
        put(o, "user", "OS_USERNAME");
        put(o, "password", "OS_PASSWORD");
        put(o, "project", "OS_PROJECT_NAME");
        put(o, "domain", "OS_USER_DOMAIN_NAME");
        put(o, "applicationCredentialId", "OS_APPLICATION_CREDENTIAL_ID");
        put(o, "applicationCredentialSecret", "OS_APPLICATION_CREDENTIAL_SECRET");
        put(o, "region", "OS_REGION_NAME");
        put(o, "tempUrlKey", "STOWAGE_SWIFT_TEMP_URL_KEY");
        return BlobStores.open(new StoreConfig("swift-live", "swift", System.getenv("STOWAGE_SWIFT_CONTAINER"), -1,
                null, "stowage-conformance/" + namespace, o));
    }

    private static void put(Map<String, String> o, String option, String env) {
        String v = System.getenv(env);
        if (v != null && !v.isBlank()) {
            o.put(option, v);
        }
    }
}
