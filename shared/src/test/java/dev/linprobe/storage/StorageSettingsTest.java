package dev.linprobe.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StorageSettingsTest {

    private static final URI ENDPOINT = URI.create("http://127.0.0.1:9000");

    @Test
    void toString_hidesBothKeys() {
        StorageSettings settings = StorageSettings.forEndpoint(ENDPOINT, "AKIDEXAMPLE", "s3cr3t-Value/with+chars");

        String text = settings.toString();

        assertFalse(text.contains("s3cr3t"), text);
        assertFalse(text.contains("AKIDEXAMPLE"), text);
        assertTrue(text.contains("credentials=static"), text);
        assertTrue(text.contains(ENDPOINT.toString()), text);
    }

    @Test
    void endpointWithoutRegion_defaultsToUsEast1() {
        StorageSettings settings = new StorageSettings(ENDPOINT, null, true, null, null);

        assertEquals("us-east-1", settings.region());
    }

    @Test
    void awsDefaults_leaveRegionAndCredentialsToSdk() {
        StorageSettings settings = StorageSettings.awsDefaults();

        assertNull(settings.endpoint());
        assertNull(settings.region());
        assertFalse(settings.pathStyleAccess());
        assertFalse(settings.hasStaticCredentials());
        assertTrue(settings.toString().contains("credentials=SDK default chain"), settings.toString());
    }

    @Test
    void onlyOneKey_rejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StorageSettings(ENDPOINT, null, true, "AKIDEXAMPLE", null));

        assertTrue(e.getMessage().contains("secret access key"), e.getMessage());
        assertFalse(e.getMessage().contains("AKIDEXAMPLE"), e.getMessage());
    }

    @Test
    void nonHttpEndpoint_rejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StorageSettings(URI.create("ftp://127.0.0.1"), null, true, null, null));

        assertTrue(e.getMessage().contains("ftp://127.0.0.1"), e.getMessage());
    }

    @Test
    void fromEnvironment_endpointSet_usesPathStyle() {
        StorageSettings settings = StorageSettings.fromEnvironment(Map.of(
                StorageSettings.ENV_ENDPOINT, "http://127.0.0.1:9000"));

        assertEquals(ENDPOINT, settings.endpoint());
        assertEquals("us-east-1", settings.region());
        assertTrue(settings.pathStyleAccess());
        assertFalse(settings.hasStaticCredentials());
    }

    @Test
    void fromEnvironment_allVariables_parsed() {
        StorageSettings settings = StorageSettings.fromEnvironment(Map.of(
                StorageSettings.ENV_ENDPOINT, "https://127.0.0.1:9443",
                StorageSettings.ENV_REGION, "eu-west-1",
                StorageSettings.ENV_PATH_STYLE, "FALSE"));

        assertEquals(URI.create("https://127.0.0.1:9443"), settings.endpoint());
        assertEquals("eu-west-1", settings.region());
        assertFalse(settings.pathStyleAccess());
    }

    @Test
    void fromEnvironment_empty_meansAwsDefaults() {
        assertEquals(StorageSettings.awsDefaults(), StorageSettings.fromEnvironment(Map.of()));
    }

    @Test
    void fromEnvironment_invalidPathStyle_namesVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StorageSettings.fromEnvironment(Map.of(StorageSettings.ENV_PATH_STYLE, "yes")));

        assertTrue(e.getMessage().contains("LINPROBE_S3_PATH_STYLE"), e.getMessage());
        assertTrue(e.getMessage().contains("'yes'"), e.getMessage());
    }

    @Test
    void fromEnvironment_invalidEndpoint_namesVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StorageSettings.fromEnvironment(Map.of(StorageSettings.ENV_ENDPOINT, "not a uri")));

        assertTrue(e.getMessage().contains("LINPROBE_S3_ENDPOINT"), e.getMessage());
    }
}
