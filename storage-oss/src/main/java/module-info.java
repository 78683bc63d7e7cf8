/** The Alibaba Cloud OSS driver ({@code oss://bucket/folder?endpoint=...}) over the official aliyun-sdk-oss. */
module dev.stowage.oss {
    requires dev.stowage.api;
    requires aliyun.sdk.oss;

    exports dev.stowage.oss;

    provides dev.stowage.spi.BlobStoreProvider with dev.stowage.oss.OssProvider;
}
