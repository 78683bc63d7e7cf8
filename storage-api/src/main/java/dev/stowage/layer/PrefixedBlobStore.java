package dev.stowage.layer;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ContentSource;
import dev.stowage.Keys;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import dev.stowage.SignedUrlOptions;
import dev.stowage.internal.KeyPrefix;
import java.net.URI;
import java.util.stream.Stream;

/** A folder inside another store used as the root: keys in are prefixed, keys out are stripped. */
final class PrefixedBlobStore extends ForwardingBlobStore {
    private final KeyPrefix prefix;

    PrefixedBlobStore(BlobStore delegate, String folder) {
        super(delegate);
        Keys.validatePrefix(folder.endsWith("/") ? folder : folder + "/");
        this.prefix = new KeyPrefix(folder);
    }

    @Override
    public String name() {
        return delegate.name() + "/" + prefix.value();
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) {
        return prefix.strip(delegate.put(prefix.add(Keys.validate(key, delegate.capabilities())), content, options));
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) {
        BlobInputStream in = delegate.get(prefix.add(Keys.validate(key, delegate.capabilities())), range);
        return new BlobInputStream(in, prefix.strip(in.info()), in.range());
    }

    @Override
    public BlobInfo stat(String key) {
        return prefix.strip(delegate.stat(prefix.add(Keys.validate(key, delegate.capabilities()))));
    }

    @Override
    public boolean exists(String key) {
        return delegate.exists(prefix.add(Keys.validate(key, delegate.capabilities())));
    }

    @Override
    public Stream<ListEntry> list(ListOptions options) {
        ListOptions opts = options == null ? ListOptions.all() : options;
        Keys.validatePrefix(opts.prefix());
        return delegate.list(prefix.add(opts)).map(prefix::strip);
    }

    @Override
    public void delete(String key) {
        delegate.delete(prefix.add(Keys.validate(key, delegate.capabilities())));
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) {
        Capabilities caps = delegate.capabilities();
        return prefix.strip(delegate.copy(prefix.add(Keys.validate(sourceKey, caps)),
                prefix.add(Keys.validate(targetKey, caps))));
    }

    @Override
    public URI publicUrl(String key) {
        return delegate.publicUrl(prefix.add(Keys.validate(key, delegate.capabilities())));
    }

    @Override
    public URI signedUrl(String key, SignedUrlOptions options) {
        return delegate.signedUrl(prefix.add(Keys.validate(key, delegate.capabilities())), options);
    }
}
