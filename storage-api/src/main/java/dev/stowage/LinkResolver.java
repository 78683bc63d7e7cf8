package dev.stowage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Finds the configured store holding a {@link Link}, and explains why each configured store does not when none does.
 * Pure: it reads configurations and opens nothing.
 *
 * <p>Rules: the scheme must be the store's; the link's bucket must be the store's bucket (for Azure the container,
 * written {@code azure://container/blob} as Supervisely does or {@code azure://account/container/blob} as Stowage
 * URIs do); a store with a folder holds only keys under it; a link's {@code ?endpoint=} must be the store's endpoint.
 * Of several matches the one with the deepest folder wins; matches that tie are ambiguous, and the error asks for
 * {@code ?endpoint=}. {@code fs://storage-id/path} names the local store called {@code storage-id}.
 */
final class LinkResolver {
    private static final Set<String> LOCAL_SCHEMES = Set.of("file", "fs");
    private static final int MAX_LISTED = 20;
    private static final Object NO_MATCH = new Object();

    private LinkResolver() {
    }

    /** A store that holds the link, with the key inside it and how deep its folder is. */
    private record Match(StoreConfig config, String key, int depth) {
    }

    /**
     * The store holding the link, or empty when none does.
     *
     * @throws StorageException INVALID_ARGUMENT when several stores hold it equally well
     */
    static Optional<StoreRegistry.LinkTarget> locate(Link link, Collection<StoreConfig> configs) {
        List<Match> best = new ArrayList<>();
        for (StoreConfig c : configs) {
            Object r = test(link, c, false);
            if (r instanceof Match m) {
                if (!best.isEmpty() && m.depth() > best.get(0).depth()) {
                    best.clear();
                }
                if (best.isEmpty() || m.depth() == best.get(0).depth()) {
                    best.add(m);
                }
            }
        }
        if (best.isEmpty()) {
            return Optional.empty();
        }
        if (best.size() > 1) {
            List<String> names = new ArrayList<>();
            best.forEach(m -> names.add(m.config().name() + " (" + describe(m.config()) + ")"));
            throw StorageException.builder(ErrorCode.INVALID_ARGUMENT, "link '" + link.text()
                            + "' is held by several configured stores: " + String.join(", ", names))
                    .operation(Operation.OPEN)
                    .hint("add ?endpoint=<the store's endpoint> to the link to pick one, or give the store by name "
                            + "(NAME:key)")
                    .build();
        }
        Match m = best.get(0);
        return Optional.of(new StoreRegistry.LinkTarget(m.config().name(), m.key()));
    }

    /** The NOT_FOUND failure for a link no store holds, naming every configured store and why it does not. */
    static StorageException notFound(Link link, Collection<StoreConfig> configs) {
        StringBuilder sb = new StringBuilder("no configured store holds '").append(link.text()).append("'");
        if (configs.isEmpty()) {
            sb.append("; no stores are configured");
        } else {
            sb.append("; configured stores: ");
            int n = 0;
            for (StoreConfig c : configs) {
                if (n == MAX_LISTED) {
                    sb.append("; and ").append(configs.size() - MAX_LISTED).append(" more");
                    break;
                }
                sb.append(n++ == 0 ? "" : "; ").append(c.name()).append(" (").append(describe(c)).append("): ")
                        .append(test(link, c, true));
            }
        }
        return StorageException.builder(ErrorCode.NOT_FOUND, sb.toString()).operation(Operation.OPEN)
                .hint("add a store for " + link.scheme() + "://" + link.bucket() + " to the config file, or give the "
                        + "store's URI with its options")
                .build();
    }

    /**
     * A {@link Match}, or the reason (a String) the store does not hold the link. Reasons are only written out when
     * {@code explain} is set: matching a long links file against many stores should not build a message per store.
     */
    private static Object test(Link link, StoreConfig c, boolean explain) {
        if (link.scheme().equals("fs") && !link.bucket().isEmpty()) {
            if (!LOCAL_SCHEMES.contains(c.scheme())) {
                return no(explain, () -> "not a local store");
            }
            return c.name().equals(link.bucket()) ? new Match(c, link.path(), 0)
                    : no(explain, () -> "a local store, but its name (the storage id) is not '" + link.bucket() + "'");
        }
        if (!Link.canonicalScheme(c.scheme()).equals(link.scheme())) {
            return no(explain, () -> "scheme " + c.scheme() + ", not " + link.scheme());
        }
        boolean azure = c.scheme().equals("azure");
        if (!azure && !c.host().equals(link.bucket())) { // the common miss, decided before any string is built
            return no(explain, () -> "bucket '" + c.host() + "', not '" + link.bucket() + "'");
        }
        // a Stowage Azure URI is azure://account/container/folder; Supervisely links are azure://container/blob
        int slash = azure ? c.folder().indexOf('/') : -1;
        String bucket = !azure ? c.host() : slash < 0 ? c.folder() : c.folder().substring(0, slash);
        String folder = !azure ? c.folder() : slash < 0 ? "" : c.folder().substring(slash + 1);
        String path = link.path();
        if (azure && link.bucket().equals(c.host()) && !c.host().equals(bucket)) {
            int s = path.indexOf('/');
            String container = s < 0 ? path : path.substring(0, s);
            if (!container.equals(bucket)) {
                return no(explain, () -> "account " + c.host() + " but container '" + bucket + "', not '"
                        + container + "'");
            }
            path = s < 0 ? "" : path.substring(s + 1);
        } else if (!bucket.equals(link.bucket())) {
            return no(explain, () -> (azure ? "container '" : "bucket '") + bucket + "', not '" + link.bucket() + "'");
        }
        if (link.endpoint() != null) {
            String mine = c.options().get("endpoint");
            if (mine == null) {
                return no(explain, () -> "no endpoint (the provider's own), not " + link.endpoint());
            }
            if (!normalEndpoint(mine).equals(normalEndpoint(link.endpoint()))) {
                return no(explain, () -> "endpoint " + mine + ", not " + link.endpoint());
            }
        }
        if (folder.isEmpty()) {
            return new Match(c, path, 0);
        }
        if (path.equals(folder)) {
            return new Match(c, "", folder.length());
        }
        if (!path.startsWith(folder + "/")) {
            return no(explain, () -> "holds only keys under '" + folder + "/'");
        }
        return new Match(c, path.substring(folder.length() + 1), folder.length());
    }

    private static Object no(boolean explain, Supplier<String> reason) {
        return explain ? reason.get() : NO_MATCH;
    }

    /** Endpoints compare without case, trailing '/' or a default https:// scheme. */
    private static String normalEndpoint(String endpoint) {
        String e = endpoint.strip().toLowerCase(Locale.ROOT);
        while (e.endsWith("/")) {
            e = e.substring(0, e.length() - 1);
        }
        return e.contains("://") ? e : "https://" + e;
    }

    /** Where a store is, without options or secrets: {@code s3://bucket/folder at https://endpoint}. */
    private static String describe(StoreConfig c) {
        String endpoint = c.options().get("endpoint");
        String where = c.scheme() + "://" + c.host() + (c.folder().isEmpty() ? "" : "/" + c.folder());
        return endpoint == null ? where : where + " at " + endpoint;
    }
}
