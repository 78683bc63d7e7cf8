package dev.stowage.oss;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.StoreConfig;
import dev.stowage.testkit.BlobStoreContract;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The OSS driver against the whole conformance kit on the real service, when credentials are given:
 * {@code STOWAGE_OSS_BUCKET}, {@code STOWAGE_OSS_ENDPOINT} (e.g. https://oss-cn-hangzhou.aliyuncs.com),
 * {@code OSS_ACCESS_KEY_ID}, {@code OSS_ACCESS_KEY_SECRET} and optionally {@code OSS_SESSION_TOKEN}.
 * Skipped otherwise. Each test writes under its own folder and deletes what it wrote.
 */
@EnabledIfEnvironmentVariable(named = "STOWAGE_OSS_BUCKET", matches = ".+")
class OssLiveConformanceTest extends BlobStoreContract {
    @Override
    protected BlobStore openStore(String namespace) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("endpoint", System.getenv("STOWAGE_OSS_ENDPOINT"));
        options.put("accessKeyId", System.getenv("OSS_ACCESS_KEY_ID"));
        options.put("accessKeySecret", System.getenv("OSS_ACCESS_KEY_SECRET"));
        if (System.getenv("OSS_SESSION_TOKEN") != null) {
            options.put("securityToken", System.getenv("OSS_SESSION_TOKEN"));
        }
        return BlobStores.open(new StoreConfig("oss-live", "oss", System.getenv("STOWAGE_OSS_BUCKET"), -1, null,
                "stowage-conformance/" + namespace, options));
    }
}
