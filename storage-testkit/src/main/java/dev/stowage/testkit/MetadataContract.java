package dev.stowage.testkit;

/** Conformance group: Metadata. */
public interface MetadataContract extends StoreUnderTest {
}
