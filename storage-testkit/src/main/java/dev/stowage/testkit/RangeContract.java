package dev.stowage.testkit;

/** Conformance group: Range. */
public interface RangeContract extends StoreUnderTest {
}
