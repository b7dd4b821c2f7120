package dev.linprobe.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Object store on Amazon S3 or an S3-compatible server, through the AWS SDK v2 {@link S3Client} with
 * the {@code java.net.HttpURLConnection} based HTTP client.
 *
 * <p>The client computes and validates checksums only where an operation requires them, because some
 * S3-compatible servers (S3Proxy 2.6.0 among them) reject PutObject requests that carry the SDK's
 * default flexible checksum headers with HTTP 501.
 */
public final class S3ObjectStore implements ObjectStore {

    private static final Logger log = Logger.getLogger(S3ObjectStore.class);

    private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    private static final int HTTP_NOT_FOUND = 404;

    private final S3Client s3;

    /** Creates a store with a new S3 client built from {@code settings}. */
    public S3ObjectStore(StorageSettings settings) {
        this(buildClient(settings));
        log.debugf("Created S3 object store: %s", settings);
    }

    /** Creates a store on an existing client, which {@link #close()} closes. */
    public S3ObjectStore(S3Client s3) {
        if (s3 == null) {
            throw new IllegalArgumentException("missing S3 client: pass a built S3Client");
        }
        this.s3 = s3;
    }

    /**
     * Builds an S3 client from {@code settings} with the URL connection HTTP client and checksums
     * only where required.
     */
    public static S3Client buildClient(StorageSettings settings) {
        return clientBuilder(settings).build();
    }

    /**
     * Creates an S3 client builder configured as {@link #buildClient} does, for callers that need
     * further options such as a retry strategy.
     */
    public static S3ClientBuilder clientBuilder(StorageSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("missing storage settings: pass StorageSettings");
        }
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .forcePathStyle(settings.pathStyleAccess());

        // Unset options fall back to the SDK's default region and credential provider chains.
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        }
        if (settings.hasStaticCredentials()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey())));
        }
        return builder;
    }

    /** Returns the underlying S3 client, for operations this interface does not cover. */
    public S3Client client() {
        return s3;
    }

    /**
     * Writes an object, replacing any object with the same key.
     *
     * @param contentType MIME type, or null for {@code application/octet-stream}
     * @throws ObjectNotFoundException when the bucket does not exist
     * @throws StorageException when the write fails for another reason
     */
    @Override
    public void put(String bucket, String key, byte[] data, String contentType) {
        requireBucketAndKey(bucket, key);
        if (data == null) {
            throw new IllegalArgumentException("missing data for " + uri(bucket, key) + ": pass a byte array");
        }

        try {
            s3.putObject(
                    request -> request.bucket(bucket).key(key).contentType(contentTypeOrDefault(contentType)),
                    RequestBody.fromBytes(data));
        } catch (SdkException e) {
            throw translate("put", bucket, key, e);
        }
        log.debugf("Put %s (%d bytes)", uri(bucket, key), data.length);
    }

    /**
     * Uploads a local file as an object, replacing any object with the same key.
     *
     * @param contentType MIME type, or null for {@code application/octet-stream}
     * @throws ObjectNotFoundException when the bucket does not exist
     * @throws StorageException when the file is not a readable regular file or the write fails
     */
    @Override
    public void putFile(String bucket, String key, Path file, String contentType) {
        requireBucketAndKey(bucket, key);
        if (file == null) {
            throw new IllegalArgumentException("missing file for " + uri(bucket, key) + ": pass a local file path");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new StorageException("failed to upload " + file + " to " + uri(bucket, key)
                    + ": the file is missing, not a regular file or not readable. Check the path");
        }

        try {
            s3.putObject(
                    request -> request.bucket(bucket).key(key).contentType(contentTypeOrDefault(contentType)),
                    RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw translate("put", bucket, key, e);
        }
        log.debugf("Put %s from %s", uri(bucket, key), file);
    }

    /**
     * Reads a whole object into memory.
     *
     * @throws ObjectNotFoundException when the bucket or the key does not exist
     * @throws StorageException when the read fails for another reason
     */
    @Override
    public byte[] get(String bucket, String key) {
        requireBucketAndKey(bucket, key);
        try {
            return s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArrayUnsafe();
        } catch (SdkException e) {
            throw translate("get", bucket, key, e);
        }
    }

    /**
     * Reads a whole object into memory, or returns empty when the bucket or the key does not exist.
     *
     * @throws StorageException when the read fails for another reason
     */
    @Override
    public Optional<byte[]> find(String bucket, String key) {
        try {
            return Optional.of(get(bucket, key));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Checks with a HEAD request whether the object exists. A missing bucket counts as a missing
     * object.
     *
     * @throws StorageException when the request fails for another reason than HTTP 404
     */
    @Override
    public boolean exists(String bucket, String key) {
        requireBucketAndKey(bucket, key);
        try {
            s3.headObject(request -> request.bucket(bucket).key(key));
            return true;
        } catch (SdkException e) {
            RuntimeException translated = translate("check", bucket, key, e);
            if (translated instanceof ObjectNotFoundException) {
                return false;
            }
            throw translated;
        }
    }

    /**
     * Lists the objects whose keys start with {@code prefix}, following ListObjectsV2 continuation
     * tokens across pages.
     *
     * <p>The result is sorted by key in {@link String#compareTo} order, which differs from the UTF-8
     * byte order of S3 listings only for characters outside the Basic Multilingual Plane. Keys ending
     * in {@code /} are left out, because they are folder placeholders.
     *
     * @param prefix key prefix, or null or empty for every object in the bucket
     * @throws ObjectNotFoundException when the bucket does not exist
     * @throws StorageException when a page request fails for another reason
     */
    @Override
    public List<ObjectInfo> list(String bucket, String prefix) {
        requireBucket(bucket);
        String keyPrefix = prefix == null ? "" : prefix;
        ListObjectsV2Request request = ListObjectsV2Request.builder()
                .bucket(bucket)
                .prefix(keyPrefix.isEmpty() ? null : keyPrefix)
                .build();

        List<ObjectInfo> objects = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
                if (object.key().endsWith("/")) {
                    continue;
                }
                objects.add(new ObjectInfo(object.key(), object.size(), stripQuotes(object.eTag())));
            }
        } catch (SdkException e) {
            throw translate("list", bucket, keyPrefix, e);
        }

        objects.sort(Comparator.comparing(ObjectInfo::key));
        return objects;
    }

    /**
     * Deletes an object. Deleting a missing key is not an error.
     *
     * @throws ObjectNotFoundException when the bucket does not exist
     * @throws StorageException when the delete fails for another reason
     */
    @Override
    public void delete(String bucket, String key) {
        requireBucketAndKey(bucket, key);
        try {
            s3.deleteObject(request -> request.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw translate("delete", bucket, key, e);
        }
        log.debugf("Deleted %s", uri(bucket, key));
    }

    /**
     * Creates the bucket unless it exists already, in the client's region.
     *
     * @throws IllegalArgumentException when the name breaks the S3 bucket naming rules
     * @throws StorageException when the bucket exists but belongs to another account, or the request
     *     fails
     */
    @Override
    public void createBucketIfMissing(String bucket) {
        requireBucket(bucket);
        if (bucketExists(bucket)) {
            return;
        }

        CreateBucketRequest.Builder request = CreateBucketRequest.builder().bucket(bucket);
        Region region = s3.serviceClientConfiguration().region();
        // us-east-1 is the default location, and AWS rejects it as an explicit location constraint.
        if (region != null && !Region.US_EAST_1.equals(region)) {
            request.createBucketConfiguration(
                    CreateBucketConfiguration.builder().locationConstraint(region.id()).build());
        }

        try {
            s3.createBucket(request.build());
            log.infof("Created bucket s3://%s", bucket);
        } catch (BucketAlreadyOwnedByYouException e) {
            // Another caller created it between the check and the request.
            log.debugf("Bucket s3://%s was created concurrently", bucket);
        } catch (BucketAlreadyExistsException e) {
            throw new StorageException("failed to create bucket s3://" + bucket
                    + ": the name is taken by another account. Choose another bucket name", e);
        } catch (SdkException e) {
            throw translate("create bucket", bucket, null, e);
        } catch (IllegalArgumentException e) {
            // The SDK checks new bucket names against the S3 naming rules before sending the request.
            throw new IllegalArgumentException("invalid bucket name '" + bucket + "': " + e.getMessage()
                    + ". Use 3 to 63 lowercase letters, digits, dots and hyphens", e);
        }
    }

    /** Closes the S3 client and its HTTP connections. */
    @Override
    public void close() {
        s3.close();
    }

    private boolean bucketExists(String bucket) {
        try {
            s3.headBucket(request -> request.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == HTTP_NOT_FOUND) {
                return false;
            }
            throw translate("check bucket", bucket, null, e);
        } catch (SdkException e) {
            throw translate("check bucket", bucket, null, e);
        }
    }

    /**
     * Converts an SDK exception into {@link ObjectNotFoundException} for a missing bucket or key
     * (HTTP 404), or into {@link StorageException} that names the operation and the object.
     */
    private static RuntimeException translate(String operation, String bucket, String key, SdkException e) {
        String target = uri(bucket, key);

        if (e instanceof NoSuchBucketException || isBucketMissing(e)) {
            return new ObjectNotFoundException("object not found: " + target + " because bucket '" + bucket
                    + "' does not exist. Check the bucket name and the endpoint, or create the bucket first", e);
        }
        if (e instanceof NoSuchKeyException || (e instanceof S3Exception s3e && s3e.statusCode() == HTTP_NOT_FOUND)) {
            return new ObjectNotFoundException("object not found: " + target
                    + ". Check the key, or list s3://" + bucket + "/ to see which keys exist", e);
        }

        String detail = e.getMessage();
        String hint = "Check the endpoint and that the server is reachable";
        if (e instanceof S3Exception s3e) {
            detail = describe(s3e);
            hint = hintForStatus(s3e.statusCode());
        }
        return new StorageException("failed to " + operation + " " + target + ": " + detail + ". " + hint, e);
    }

    private static String hintForStatus(int statusCode) {
        if (statusCode == 400) {
            return "The server rejected the request as invalid. Check the bucket name and the key";
        }
        if (statusCode == 401 || statusCode == 403) {
            return "Check the access key, the secret key and the permissions on the bucket";
        }
        if (statusCode >= 500) {
            return "The server failed after the SDK's retries. Check the server's log, then retry";
        }
        return "Check the endpoint, the bucket name and the key";
    }

    private static boolean isBucketMissing(SdkException e) {
        return e instanceof S3Exception s3e
                && s3e.awsErrorDetails() != null
                && "NoSuchBucket".equals(s3e.awsErrorDetails().errorCode());
    }

    private static String describe(S3Exception e) {
        StringBuilder text = new StringBuilder("HTTP ").append(e.statusCode());
        if (e.awsErrorDetails() != null) {
            if (e.awsErrorDetails().errorCode() != null) {
                text.append(' ').append(e.awsErrorDetails().errorCode());
            }
            if (e.awsErrorDetails().errorMessage() != null) {
                text.append(" (").append(e.awsErrorDetails().errorMessage()).append(')');
            }
        }
        return text.toString();
    }

    private static String uri(String bucket, String key) {
        return "s3://" + bucket + "/" + (key == null ? "" : key);
    }

    private static String contentTypeOrDefault(String contentType) {
        return contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType;
    }

    private static String stripQuotes(String eTag) {
        if (eTag != null && eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")) {
            return eTag.substring(1, eTag.length() - 1);
        }
        return eTag;
    }

    private static void requireBucket(String bucket) {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("invalid bucket name: '" + bucket + "'. Pass a non-blank bucket name");
        }
    }

    private static void requireBucketAndKey(String bucket, String key) {
        requireBucket(bucket);
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("invalid object key for bucket '" + bucket + "': '" + key
                    + "'. Pass a non-blank key");
        }
    }
}
