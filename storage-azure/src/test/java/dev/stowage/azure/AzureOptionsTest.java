package dev.stowage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStores;
import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import dev.stowage.testkit.emulator.AzuriteEmulator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Credential options that contradict each other are refused when the store is opened, before any I/O. */
class AzureOptionsTest {
    @Test
    void managedIdentityClientIdWithAnAccountKeyIsMisconfigured() {
        assertThatThrownBy(() -> BlobStores.open("azure://devstoreaccount1/box?managedIdentityClientId=abc&accountKey="
                + URLEncoder.encode(AzuriteEmulator.ACCOUNT_KEY, StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
                    assertThat(e.getMessage()).contains("managedIdentityClientId")
                            .doesNotContain(AzuriteEmulator.ACCOUNT_KEY);
                });
    }

    @Test
    void blankManagedIdentityClientIdIsMisconfigured() {
        assertThatThrownBy(() -> BlobStores.open("azure://devstoreaccount1/box?managedIdentityClientId=%20"))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
                    assertThat(e.getMessage()).contains("managedIdentityClientId");
                });
    }
}
