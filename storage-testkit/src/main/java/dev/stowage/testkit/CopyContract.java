package dev.stowage.testkit;

/** Conformance group: Copy. */
public interface CopyContract extends StoreUnderTest {
}
