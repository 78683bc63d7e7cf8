package dev.stowage.azure;

import com.azure.storage.blob.BlobServiceClientBuilder;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.testkit.BlobStoreContract;
import dev.stowage.testkit.emulator.AzuriteEmulator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Azure driver against the whole conformance kit, on Azurite, each test in a fresh folder of one container. */
class AzureConformanceTest extends BlobStoreContract {
    static final String CONTAINER = "stowage";
    static AzuriteEmulator azurite;

    @BeforeAll
    static void startAzurite() {
        azurite = AzuriteEmulator.startOrSkip();
        new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
                .createBlobContainerIfNotExists(CONTAINER);
    }

    @AfterAll
    static void stopAzurite() {
        if (azurite != null) {
            azurite.close();
        }
    }

    /** A store URI on the emulator, the account key as option (URL-encoded, as a user would write it). */
    static String uri(String path) {
        return "azure://" + AzuriteEmulator.ACCOUNT + "/" + path + "?endpoint=" + azurite.blobEndpoint()
                + "&accountKey=" + URLEncoder.encode(AzuriteEmulator.ACCOUNT_KEY, StandardCharsets.UTF_8);
    }

    @Override
    protected BlobStore openStore(String namespace) {
        return BlobStores.open(uri(CONTAINER + "/" + namespace));
    }

    @Override
    protected BlobStore openStoreWithPublicUrlBase(String namespace, String publicUrlBase) {
        return BlobStores.open(uri(CONTAINER + "/" + namespace) + "&publicUrlBase="
                + URLEncoder.encode(publicUrlBase, StandardCharsets.UTF_8));
    }

    /*
     * Public URLs are not fetched here: on a container with anonymous access Azurite also answers requests whose
     * SAS signature was tampered with, which the signed-URL tests must see refused. AzureAzuriteTest fetches a
     * public URL from a separate public container.
     */
}
