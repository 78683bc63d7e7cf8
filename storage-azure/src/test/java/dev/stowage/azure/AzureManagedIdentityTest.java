package dev.stowage.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.stowage.testkit.emulator.AzuriteEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The driver's default-credential path end to end: a store opened with no key finds an App Service style managed
 * identity endpoint (WireMock, through {@code IDENTITY_ENDPOINT} and {@code IDENTITY_HEADER}), gets a token for
 * Azure Storage from it and uses that token against Azurite, which runs over HTTPS with OAuth and checks the
 * token's issuer, audience and lifetime (not its signature). The identity libraries read those variables from the
 * real process environment, so the store runs in a child JVM ({@link ManagedIdentityProbe}).
 */
class AzureManagedIdentityTest {
    static final String CONTAINER = "identity";
    static final String TOKEN_PATH = "/msi/token";
    static final String STORAGE_RESOURCE = "https://storage.azure.com";
    static AzuriteEmulator azurite;
    static HttpClient https;

    WireMockServer identityEndpoint;
    String identityHeader;
    String folder;
    @TempDir
    Path home;

    @BeforeAll
    static void startAzurite() throws Exception {
        azurite = AzuriteEmulator.startHttpsOAuthOrSkip();
        https = HttpClient.newBuilder().sslContext(azurite.sslContext()).build();
        HttpResponse<String> created = https.send(azuriteRequest(CONTAINER + "?restype=container")
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @AfterAll
    static void stopAzurite() {
        if (azurite != null) {
            azurite.close();
        }
    }

    @BeforeEach
    void startIdentityEndpoint() {
        identityEndpoint = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        identityEndpoint.start();
        identityHeader = "header-" + UUID.randomUUID();
        folder = "f-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stopIdentityEndpoint() {
        identityEndpoint.stop();
    }

    @Test
    void systemAssignedIdentityTokenAuthorizesPutGetListAndDelete() throws Exception {
        identityEndpoint.stubFor(get(urlPathEqualTo(TOKEN_PATH)).willReturn(tokenResponse(token(STORAGE_RESOURCE))));

        List<String> output = runProbe(storeUri(""));

        assertThat(output).as(String.join("\n", output)).contains("put 14", "get hello identity",
                "list kept.txt,probe.txt", "exists after delete false");
        identityEndpoint.verify(getRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withHeader("X-IDENTITY-HEADER", equalTo(identityHeader))
                .withQueryParam("resource", equalTo(STORAGE_RESOURCE))
                .withQueryParam("client_id", absent()));
        // what the child wrote is really in Azurite
        HttpResponse<String> kept = https.send(azuriteRequest(CONTAINER + "/" + folder + "/kept.txt").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(kept.statusCode()).isEqualTo(200);
        assertThat(kept.body()).isEqualTo("kept");
    }

    @Test
    void userAssignedIdentityClientIdIsSentToTheTokenEndpoint() throws Exception {
        String clientId = UUID.randomUUID().toString();
        identityEndpoint.stubFor(get(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_request\",\"error_description\":\"Identity not found\"}")));
        identityEndpoint.stubFor(get(urlPathEqualTo(TOKEN_PATH)).withQueryParam("client_id", equalTo(clientId))
                .willReturn(tokenResponse(token(STORAGE_RESOURCE))));

        List<String> output = runProbe(storeUri("?managedIdentityClientId=" + clientId));

        assertThat(output).as(String.join("\n", output)).contains("get hello identity", "exists after delete false");
        identityEndpoint.verify(getRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withHeader("X-IDENTITY-HEADER", equalTo(identityHeader))
                .withQueryParam("resource", equalTo(STORAGE_RESOURCE))
                .withQueryParam("client_id", equalTo(clientId)));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401})
    void tokenEndpointRefusalIsUnauthenticatedNamingTheIdentity(int status) throws Exception {
        String clientId = UUID.randomUUID().toString();
        identityEndpoint.stubFor(get(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_request\",\"error_description\":\"Identity not found\"}")));

        List<String> output = runProbe(storeUri("?managedIdentityClientId=" + clientId));

        assertThat(output).as(String.join("\n", output)).contains("error UNAUTHENTICATED");
        assertThat(message(output)).contains("default Azure credential chain", "managed identity '" + clientId + "'");
        assertThat(String.join("\n", output)).doesNotContain(identityHeader);
        identityEndpoint.verify(getRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withHeader("X-IDENTITY-HEADER", equalTo(identityHeader)));
    }

    @Test
    void tokenForAnotherAudienceIsRefusedByTheServiceAndNotQuoted() throws Exception {
        String token = token("https://vault.azure.net");
        identityEndpoint.stubFor(get(urlPathEqualTo(TOKEN_PATH)).willReturn(tokenResponse(token)));

        List<String> output = runProbe(storeUri(""));

        assertThat(output).as(String.join("\n", output)).contains("error UNAUTHENTICATED");
        assertThat(message(output)).contains("default Azure credential chain");
        String signature = token.substring(token.lastIndexOf('.') + 1);
        String payload = token.split("\\.")[1];
        assertThat(String.join("\n", output)).doesNotContain(payload).doesNotContain(signature);
    }

    private String storeUri(String query) {
        String endpoint = "endpoint=" + azurite.blobEndpoint();
        return "azure://" + AzuriteEmulator.ACCOUNT + "/" + CONTAINER + "/" + folder
                + (query.isEmpty() ? "?" + endpoint : query + "&" + endpoint);
    }

    /** Runs {@link ManagedIdentityProbe} in a child JVM whose only Azure identity is the WireMock endpoint. */
    private List<String> runProbe(String storeUri) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "-Djavax.net.ssl.trustStore=" + azurite.trustStore(),
                "-Djavax.net.ssl.trustStorePassword=" + AzuriteEmulator.TRUST_STORE_PASSWORD,
                "-Djavax.net.ssl.trustStoreType=PKCS12",
                // developer tools' logins (Azure CLI, IDE caches) live in the home folder; an empty one hides them
                "-Duser.home=" + home,
                ManagedIdentityProbe.class.getName(), storeUri).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AZURE_") || name.startsWith("MSI_")
                || name.startsWith("IDENTITY_") || name.startsWith("IMDS_"));
        env.put("HOME", home.toString());
        env.put("IDENTITY_ENDPOINT", "http://127.0.0.1:" + identityEndpoint.port() + TOKEN_PATH);
        env.put("IDENTITY_HEADER", identityHeader);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().toList();
    }

    private static String message(List<String> output) {
        return output.stream().filter(line -> line.startsWith("message ")).findFirst().orElse("");
    }

    /**
     * A JWT-shaped token as Microsoft Entra ID issues for a managed identity, with the claims Azurite checks; its
     * signature is not a real one, which Azurite's basic OAuth level does not verify.
     */
    static String token(String audience) {
        long now = Instant.now().getEpochSecond();
        String tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"aud\":\"" + audience + "\",\"iss\":\"https://sts.windows.net/" + tenant + "/\","
                + "\"iat\":" + (now - 60) + ",\"nbf\":" + (now - 60) + ",\"exp\":" + (now + 3600) + ","
                + "\"oid\":\"" + UUID.randomUUID() + "\",\"tid\":\"" + tenant + "\",\"ver\":\"1.0\"}";
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The App Service managed identity endpoint's answer (api-version 2019-08-01). */
    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder tokenResponse(String token) {
        long expiresOn = Instant.now().getEpochSecond() + 3600;
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"" + token + "\",\"expires_on\":\"" + expiresOn + "\","
                        + "\"resource\":\"" + STORAGE_RESOURCE + "\",\"token_type\":\"Bearer\"}");
    }

    /** A request to Azurite authorized with a bearer token minted here, for setting up and checking. */
    static HttpRequest.Builder azuriteRequest(String path) {
        return HttpRequest.newBuilder(URI.create(azurite.blobEndpoint() + "/" + path))
                .header("Authorization", "Bearer " + token(STORAGE_RESOURCE))
                .header("x-ms-version", "2021-12-02")
                .header("x-ms-date", DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().atZone(ZoneOffset.UTC)));
    }
}
