package dev.stowage.testkit;

/** Conformance group: Concurrency. */
public interface ConcurrencyContract extends StoreUnderTest {
}
