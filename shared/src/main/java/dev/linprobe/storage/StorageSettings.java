package dev.linprobe.storage;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Connection settings for an S3-compatible object store.
 *
 * <p>Every field except {@code pathStyleAccess} may be null. A null endpoint means AWS S3 itself. A
 * null region means the AWS SDK's default region provider chain ({@code AWS_REGION}, the profile
 * file, then instance metadata), except that the constructor fills in {@value #DEFAULT_REGION} when
 * an endpoint is set. Null credentials mean the SDK's default credential provider chain
 * ({@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}, system properties, the profile file,
 * container and instance credentials).
 *
 * @param endpoint absolute {@code http} or {@code https} URI of an S3-compatible server, or null
 *     for AWS S3
 * @param region AWS region name such as {@code eu-west-1}, or null for the SDK's default chain
 * @param pathStyleAccess whether requests address buckets as {@code endpoint/bucket/key} instead of
 *     {@code bucket.endpoint/key}; most self-hosted S3 servers need path-style access
 * @param accessKeyId static access key id, or null for the SDK's default credential chain
 * @param secretAccessKey static secret access key, set exactly when {@code accessKeyId} is set
 */
public record StorageSettings(
        URI endpoint, String region, boolean pathStyleAccess, String accessKeyId, String secretAccessKey) {

    /** Region used with a custom endpoint when none is given, because SigV4 request signing needs a region. */
    public static final String DEFAULT_REGION = "us-east-1";

    /** Environment variable with the endpoint URI of an S3-compatible server, unset for AWS S3. */
    public static final String ENV_ENDPOINT = "LINPROBE_S3_ENDPOINT";

    /** Environment variable with the region, unset for the SDK's default region chain. */
    public static final String ENV_REGION = "LINPROBE_S3_REGION";

    /**
     * Environment variable that turns path-style access on ({@code true}) or off ({@code false}).
     * Unset means on with a custom endpoint and off for AWS S3.
     */
    public static final String ENV_PATH_STYLE = "LINPROBE_S3_PATH_STYLE";

    /**
     * Validates the settings and fills in {@value #DEFAULT_REGION} when an endpoint is set without
     * a region.
     *
     * @throws IllegalArgumentException when the endpoint is not an absolute http(s) URI, or only
     *     one of the two keys is set
     */
    public StorageSettings {
        region = blankToNull(region);
        accessKeyId = blankToNull(accessKeyId);
        secretAccessKey = blankToNull(secretAccessKey);

        if (endpoint != null) {
            String scheme = endpoint.getScheme();
            boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
            if (!http || endpoint.getHost() == null) {
                throw new IllegalArgumentException("invalid S3 endpoint: '" + endpoint
                        + "'. Use an absolute http or https URI such as http://127.0.0.1:9000");
            }
            if (region == null) {
                region = DEFAULT_REGION;
            }
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException("incomplete S3 credentials: "
                    + (accessKeyId == null ? "the access key id" : "the secret access key")
                    + " is missing. Set both keys, or neither to use the AWS default credential chain");
        }
    }

    /**
     * Returns settings for AWS S3 with the SDK's default region and credential chains and
     * virtual-hosted-style access.
     */
    public static StorageSettings awsDefaults() {
        return new StorageSettings(null, null, false, null, null);
    }

    /**
     * Returns settings for an S3-compatible server at {@code endpoint} with static credentials,
     * path-style access and region {@value #DEFAULT_REGION}.
     */
    public static StorageSettings forEndpoint(URI endpoint, String accessKeyId, String secretAccessKey) {
        if (endpoint == null) {
            throw new IllegalArgumentException("missing S3 endpoint: pass the server's http(s) URI");
        }
        return new StorageSettings(endpoint, DEFAULT_REGION, true, accessKeyId, secretAccessKey);
    }

    /**
     * Reads the settings from the process environment: {@value #ENV_ENDPOINT}, {@value #ENV_REGION}
     * and {@value #ENV_PATH_STYLE}.
     *
     * <p>Credentials are left to the SDK's default chain, which reads {@code AWS_ACCESS_KEY_ID},
     * {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN} itself.
     *
     * @throws IllegalArgumentException when a variable has an invalid value
     */
    public static StorageSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Reads the settings from {@code environment}, a map of environment variable names to values,
     * as {@link #fromEnvironment()} does.
     *
     * @throws IllegalArgumentException when a variable has an invalid value
     */
    public static StorageSettings fromEnvironment(Map<String, String> environment) {
        String endpointText = blankToNull(environment.get(ENV_ENDPOINT));
        URI endpoint = null;
        if (endpointText != null) {
            try {
                endpoint = URI.create(endpointText);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid " + ENV_ENDPOINT + ": '" + endpointText
                        + "'. Use an absolute http or https URI such as http://127.0.0.1:9000", e);
            }
        }

        String region = environment.get(ENV_REGION);

        String pathStyleText = blankToNull(environment.get(ENV_PATH_STYLE));
        boolean pathStyle;
        if (pathStyleText == null) {
            pathStyle = endpoint != null;
        } else {
            pathStyle = switch (pathStyleText.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("invalid " + ENV_PATH_STYLE + ": '"
                        + pathStyleText + "'. Use true or false");
            };
        }
        return new StorageSettings(endpoint, region, pathStyle, null, null);
    }

    /** Returns whether static credentials are set, rather than the SDK's default chain. */
    public boolean hasStaticCredentials() {
        return accessKeyId != null;
    }

    /** Returns the endpoint, or empty for AWS S3. */
    public Optional<URI> endpointOverride() {
        return Optional.ofNullable(endpoint);
    }

    /**
     * Returns a description that names the endpoint, region, addressing style and credential source
     * but neither key.
     */
    @Override
    public String toString() {
        return "StorageSettings[endpoint=" + (endpoint == null ? "AWS S3" : endpoint)
                + ", region=" + (region == null ? "SDK default chain" : region)
                + ", pathStyleAccess=" + pathStyleAccess
                + ", credentials=" + (hasStaticCredentials() ? "static" : "SDK default chain") + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
