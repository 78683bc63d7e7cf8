package dev.stowage.testkit;

/** Conformance group: Layer. */
public interface LayerContract extends StoreUnderTest {
}
