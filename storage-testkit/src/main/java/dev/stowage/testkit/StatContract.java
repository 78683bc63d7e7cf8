package dev.stowage.testkit;

/** Conformance group: Stat. */
public interface StatContract extends StoreUnderTest {
}
