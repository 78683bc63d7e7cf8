package dev.stowage.spring;

import dev.stowage.BlobStore;
import dev.stowage.ListOptions;
import dev.stowage.StorageException;
import dev.stowage.StoreRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The cheap check behind the health indicators: a stat of the configured key, or a listing of one entry. Never
 * writes. Shared by the Boot 3 and Boot 4 indicators, which only translate its result.
 */
final class StoreProbe {
    /** What a check found: up or not, and details safe to show (no secret, no stack trace). */
    record Result(boolean up, Map<String, Object> details) {
    }

    private final StoreRegistry registry;
    private final String name;
    private final String key;

    StoreProbe(StoreRegistry registry, String name, String key) {
        this.registry = registry;
        this.name = name;
        this.key = key;
    }

    Result check() {
        Map<String, Object> details = new LinkedHashMap<>();
        try {
            BlobStore store = registry.store(name);
            if (key != null && !key.isBlank()) {
                details.put("check", "stat " + key);
                details.put("exists", store.exists(key));
            } else {
                details.put("check", "list 1");
                try (Stream<?> first = store.list(ListOptions.builder().pageSize(1).build()).limit(1)) {
                    details.put("empty", first.findAny().isEmpty());
                }
            }
            return new Result(true, details);
        } catch (StorageException e) {
            details.put("error", e.code().name());
            details.put("message", e.getMessage());
            return new Result(false, details);
        } catch (RuntimeException e) {
            details.put("error", e.getClass().getSimpleName());
            details.put("message", String.valueOf(e.getMessage()));
            return new Result(false, details);
        }
    }
}
