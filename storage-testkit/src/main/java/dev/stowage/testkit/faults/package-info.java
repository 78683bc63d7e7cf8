/**
 * Fault injection for tests: stores that fail, stall or cut streams on request, to prove how layers and callers
 * behave when a backend misbehaves.
 */
package dev.stowage.testkit.faults;
