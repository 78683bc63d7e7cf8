package dev.stowage.openstack.internal;

import java.time.Duration;

/**
 * The settings of one Swift store.
 *
 * @param container        the container
 * @param segmentContainer where the segments of large objects go ({@code <container>_segments} by default)
 * @param segmentSize      the segment size of large objects, in bytes
 * @param region           the catalog region to use, or {@code null} for the first object-store endpoint
 * @param endpointInterface the catalog interface: public, internal or admin
 * @param tempUrlKey       the account's or container's TempURL key, or {@code null} (no signed URLs)
 * @param requestTimeout   the longest wait for a response's headers (see {@link SwiftHttp}), and for each read of a
 *                         downloaded body
 */
public record SwiftSettings(String container, String segmentContainer, int segmentSize, String region,
                            String endpointInterface, String tempUrlKey, Duration requestTimeout) {
    @Override
    public String toString() {
        return "SwiftSettings[" + container + ", segments in " + segmentContainer + ", region " + region + "]";
    }
}
