package dev.stowage;

/**
 * What to list.
 *
 * @param prefix     only keys starting with this ("" for all)
 * @param delimiter  when set (usually "/"), keys with the delimiter after the prefix are rolled up into
 *                   common prefixes; {@code null} lists recursively
 * @param startAfter only keys strictly greater than this (in UTF-8 byte order), or {@code null}
 * @param pageSize   how many entries to fetch per backend request (1 to 1000)
 */
public record ListOptions(String prefix, String delimiter, String startAfter, int pageSize) {
    public static final int DEFAULT_PAGE_SIZE = 1000;

    public ListOptions {
        prefix = prefix == null ? "" : prefix;
        if (delimiter != null && !delimiter.equals("/")) {
            throw new IllegalArgumentException("delimiter must be \"/\" or null (recursive), was '" + delimiter + "'");
        }
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("pageSize must be between 1 and 1000, was " + pageSize);
        }
    }

    /** Lists everything, recursively. */
    public static ListOptions all() {
        return builder().build();
    }

    /** Lists everything under {@code prefix}, recursively. */
    public static ListOptions prefix(String prefix) {
        return builder().prefix(prefix).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().prefix(prefix).delimiter(delimiter).startAfter(startAfter).pageSize(pageSize);
    }

    /** Builds {@link ListOptions}. */
    public static final class Builder {
        private String prefix = "";
        private String delimiter;
        private String startAfter;
        private int pageSize = DEFAULT_PAGE_SIZE;

        private Builder() {
        }

        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        public Builder delimiter(String delimiter) {
            this.delimiter = delimiter;
            return this;
        }

        public Builder startAfter(String startAfter) {
            this.startAfter = startAfter;
            return this;
        }

        public Builder pageSize(int pageSize) {
            this.pageSize = pageSize;
            return this;
        }

        public ListOptions build() {
            return new ListOptions(prefix, delimiter, startAfter, pageSize);
        }
    }
}
