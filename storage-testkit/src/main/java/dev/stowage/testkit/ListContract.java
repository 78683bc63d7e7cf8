package dev.stowage.testkit;

/** Conformance group: List. */
public interface ListContract extends StoreUnderTest {
}
