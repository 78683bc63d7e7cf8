package dev.stowage.testkit;

/** Conformance group: Url. */
public interface UrlContract extends StoreUnderTest {
}
