package dev.stowage.testkit;

/** Conformance group: Conditional. */
public interface ConditionalContract extends StoreUnderTest {
}
