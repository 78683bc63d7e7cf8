/**
 * Micrometer meters for Stowage stores: {@link dev.stowage.micrometer.MicrometerStoreListener} records every call of a
 * store wrapped with {@link dev.stowage.layer.Layers#observed}.
 */
module dev.stowage.micrometer {
    requires transitive dev.stowage.api;
    requires transitive micrometer.core;

    exports dev.stowage.micrometer;
}
