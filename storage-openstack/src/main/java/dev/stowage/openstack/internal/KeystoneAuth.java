package dev.stowage.openstack.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openstack4j.api.OSClient;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Endpoint;
import org.openstack4j.model.identity.v3.Service;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;

/**
 * Keystone v3 authentication. User name + password go through OpenStack4j; application credentials, which
 * OpenStack4j 3.12 does not support, are posted to {@code /auth/tokens} as the Identity API reference describes.
 * Either way the result is a {@link KeystoneSession}: a token and the object-store endpoint from its catalog.
 */
public abstract class KeystoneAuth {
    private final URI authUrl;

    private KeystoneAuth(URI authUrl) {
        this.authUrl = authUrl;
    }

    /** Password authentication scoped to a project, user and project in {@code domain}. */
    public static KeystoneAuth password(URI authUrl, String user, String password, String project, String domain) {
        return new KeystoneAuth(authUrl) {
            @Override
            KeystoneSession authenticate(SwiftSettings settings) {
                OSClient.OSClientV3 os;
                try {
                    // authenticate() binds a session to this thread only; the driver keeps just the immutable token.
                    os = OSFactory.builderV3().endpoint(authUrl.toString())
                            .credentials(user, password, Identifier.byName(domain))
                            .scopeToProject(Identifier.byName(project), Identifier.byName(domain)).authenticate();
                } catch (AuthenticationException e) {
                    throw StorageException.builder(ErrorCode.UNAUTHENTICATED, "Keystone refused user '" + user
                            + "' (project '" + project + "', domain '" + domain + "'): " + e.getMessage())
                            .operation(Operation.OPEN).hint("check the user, password, project and domain options "
                                    + "against " + authUrl).cause(e).build();
                }
                Token token = os.getToken();
                List<CatalogEntry> catalog = new ArrayList<>();
                for (Service s : token.getCatalog()) {
                    for (Endpoint e : s.getEndpoints()) {
                        catalog.add(new CatalogEntry(s.getType(), e.getIface() == null ? ""
                                : e.getIface().name().toLowerCase(Locale.ROOT), e.getRegion() != null ? e.getRegion()
                                : e.getRegionId(), e.getUrl().toString()));
                    }
                }
                return new KeystoneSession(token.getId(), endpoint(catalog, settings),
                        token.getExpires() == null ? null : token.getExpires().toInstant(), token);
            }

            @Override
            String describe() {
                return "Keystone user '" + user + "' at " + authUrl;
            }
        };
    }

    /** Application-credential authentication (the credential carries its own project scope). */
    public static KeystoneAuth applicationCredential(URI authUrl, String id, String secret) {
        return new KeystoneAuth(authUrl) {
            @Override
            KeystoneSession authenticate(SwiftSettings settings) throws Exception {
                ObjectMapper json = new ObjectMapper();
                var auth = json.createObjectNode();
                var identity = auth.putObject("auth").putObject("identity");
                identity.putArray("methods").add("application_credential");
                identity.putObject("application_credential").put("id", id).put("secret", secret);
                HttpRequest req = HttpRequest.newBuilder(URI.create(authUrl.toString().replaceAll("/+$", "")
                                + "/auth/tokens")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(auth)))
                        .timeout(settings.requestTimeout()).build();
                HttpResponse<String> resp = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() == 401 || resp.statusCode() == 404) {
                    throw StorageException.builder(ErrorCode.UNAUTHENTICATED, "Keystone refused application "
                            + "credential '" + id + "' (HTTP " + resp.statusCode() + ")").operation(Operation.OPEN)
                            .hint("check applicationCredentialId and applicationCredentialSecret against " + authUrl
                                    + ", and that the credential has not expired").build();
                }
                if (resp.statusCode() != 201 && resp.statusCode() != 200) {
                    throw StorageException.builder(dev.stowage.spi.Errors.forHttpStatus(resp.statusCode()),
                            "Keystone answered HTTP " + resp.statusCode() + " to the token request")
                            .operation(Operation.OPEN).build();
                }
                String tokenId = resp.headers().firstValue("X-Subject-Token").orElseThrow();
                JsonNode token = json.readTree(resp.body()).path("token");
                List<CatalogEntry> catalog = new ArrayList<>();
                for (JsonNode s : token.path("catalog")) {
                    for (JsonNode e : s.path("endpoints")) {
                        catalog.add(new CatalogEntry(s.path("type").asText(), e.path("interface").asText(),
                                e.hasNonNull("region") ? e.path("region").asText() : e.path("region_id").asText(),
                                e.path("url").asText()));
                    }
                }
                String expires = token.path("expires_at").asText(null);
                return new KeystoneSession(tokenId, endpoint(catalog, settings),
                        expires == null ? null : Instant.parse(expires), null);
            }

            @Override
            String describe() {
                return "application credential '" + id + "' at " + authUrl;
            }
        };
    }

    abstract KeystoneSession authenticate(SwiftSettings settings) throws Exception;

    /** Where the credentials come from, for hints; never the secret. */
    abstract String describe();

    URI authUrl() {
        return authUrl;
    }

    /** One endpoint of the token's catalog. */
    record CatalogEntry(String type, String iface, String region, String url) {
    }

    static URI endpoint(List<CatalogEntry> catalog, SwiftSettings settings) {
        List<String> seen = new ArrayList<>();
        for (CatalogEntry e : catalog) {
            if (!e.type().equals("object-store")) {
                continue;
            }
            seen.add(e.region() + "/" + e.iface());
            if (e.iface().equals(settings.endpointInterface())
                    && (settings.region() == null || settings.region().equals(e.region()))) {
                return URI.create(e.url().replaceAll("/+$", ""));
            }
        }
        throw StorageException.builder(ErrorCode.MISCONFIGURED, "the Keystone catalog has no object-store endpoint"
                + " for interface '" + settings.endpointInterface() + "'" + (settings.region() == null ? ""
                : " in region '" + settings.region() + "'")).operation(Operation.OPEN)
                .hint(seen.isEmpty() ? "this cloud offers no Swift service to the project"
                        : "object-store endpoints offered (region/interface): " + seen + "; set region or interface")
                .build();
    }
}
