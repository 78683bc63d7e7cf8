package dev.stowage.openstack;

import dev.stowage.testkit.emulator.SwiftEmulator;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** One real Swift for all test classes of this module (starting one takes seconds); stopped when the JVM exits. */
final class SharedSwift {
    static final String TEMP_URL_KEY = "tempurl-key-for-tests";
    private static SwiftEmulator swift;

    private SharedSwift() {
    }

    static synchronized SwiftEmulator get() throws Exception {
        Assumptions.assumeTrue(SwiftEmulator.installed(), "skipped: OpenStack Swift is not installed; run "
                + "apt-get install -y swift swift-proxy swift-account swift-container swift-object memcached");
        if (swift == null) {
            swift = SwiftEmulator.start(Path.of("scripts/start-swift.sh"));
            swift.createContainer("conformance", true);
            swift.createContainer("large", false);
            swift.setTempUrlKey(TEMP_URL_KEY);
            SwiftEmulator s = swift;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        }
        return swift;
    }
}
