package dev.stowage.testkit;

/** Conformance group: Delete. */
public interface DeleteContract extends StoreUnderTest {
}
