package dev.stowage.spring;

import dev.stowage.BlobStore;

/**
 * Wraps each store before it becomes a bean (e.g. with {@link dev.stowage.layer.Layers#retry}); every bean of this
 * type is applied, in {@link org.springframework.core.annotation.Order} order. The wrapper must close the store it
 * wraps when closed (every {@code Layers} layer does).
 */
@FunctionalInterface
public interface StoreCustomizer {
    /** The store to expose as the bean named {@code name}. */
    BlobStore customize(String name, BlobStore store);
}
