package dev.stowage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreConfigTest {

    @Test
    void parsesBucketFolderAndOptions() {
        StoreConfig c = StoreConfig.parse("s3://my-bucket/photos/2024?region=eu-west-1&pathStyle=true");
        assertThat(c.scheme()).isEqualTo("s3");
        assertThat(c.host()).isEqualTo("my-bucket");
        assertThat(c.folder()).isEqualTo("photos/2024");
        assertThat(c.option("region")).contains("eu-west-1");
        assertThat(c.booleanOption("pathStyle", false)).isTrue();
    }

    @Test
    void bucketWithUnderscoreIsStillTheHost() {
        assertThat(StoreConfig.parse("s3://my_bucket/x").host()).isEqualTo("my_bucket");
    }

    @Test
    void passwordInUserInfoBecomesSecretOptionAndIsNeverShown() {
        StoreConfig c = StoreConfig.parse("ftp://alice:s3cr%40t@files.example.com:2121/incoming");
        assertThat(c.user()).isEqualTo("alice");
        assertThat(c.port()).isEqualTo(2121);
        assertThat(c.option("password")).contains("s3cr@t");
        assertThat(c.toString()).doesNotContain("s3cr").contains("password=****");
        assertThat(c.name()).doesNotContain("s3cr");
    }

    @Test
    void secretOptionsAreRedactedInToString() {
        StoreConfig c = StoreConfig.parse("s3://b?accessKey=AKIAEXAMPLE&secretKey=wJalrXUtnFEMI&region=us-east-1");
        assertThat(c.toString()).doesNotContain("wJalrXUtnFEMI").doesNotContain("AKIAEXAMPLE").contains("us-east-1");
    }

    @Test
    void fileUriKeepsAbsolutePath() {
        StoreConfig c = StoreConfig.parse("file:///srv/images");
        assertThat(c.path()).isEqualTo("/srv/images");
        assertThat(c.host()).isEmpty();
        assertThat(StoreConfig.parse("file:data/images").path()).isEqualTo("data/images");
    }

    @Test
    void uriWithoutSchemeIsRefusedWithAnExample() {
        assertThatThrownBy(() -> StoreConfig.parse("/srv/images"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no scheme")
                .hasMessageContaining("file:///");
    }

    @Test
    void malformedUriNamesTheProblemWithoutThePassword() {
        assertThatThrownBy(() -> StoreConfig.parse("ftp://bob:hunter2@host/a b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("hunter2")
                .hasMessageContaining("percent-encode");
    }

    @Test
    void duplicateOptionIsRefused() {
        assertThatThrownBy(() -> StoreConfig.parse("s3://b?region=a&region=b")).hasMessageContaining("'region' is given twice");
    }

    @Test
    void missingEnvReferenceNamesTheVariable() {
        assertThatThrownBy(() -> StoreConfig.parse("s3://b?secretKey=${env:STOWAGE_SURELY_UNSET_VAR}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option 'secretKey' refers to ${env:STOWAGE_SURELY_UNSET_VAR} but the environment "
                        + "variable STOWAGE_SURELY_UNSET_VAR is not set");
    }

    @Test
    void fileReferenceIsReadAndStripped(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("key.txt");
        Files.writeString(secret, "topsecret\n");
        StoreConfig c = StoreConfig.parse("s3://b?secretKey=${file:" + secret + "}");
        assertThat(c.option("secretKey")).contains("topsecret");
    }

    @Test
    void durationsAcceptUnitsBareSecondsAndIso8601() {
        assertThat(StoreConfig.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(StoreConfig.parseDuration("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(StoreConfig.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(StoreConfig.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(StoreConfig.parseDuration("PT15M")).isEqualTo(Duration.ofMinutes(15));
        assertThatThrownBy(() -> StoreConfig.parseDuration("soon")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'soon' is not a duration");
    }

    @Test
    void typedOptionsReportBadValues() {
        StoreConfig c = StoreConfig.parse("s3://b?pathStyle=maybe&parts=abc&timeout=90s");
        assertThatThrownBy(() -> c.booleanOption("pathStyle", false))
                .isInstanceOf(StorageException.class).hasMessageContaining("must be true or false");
        assertThatThrownBy(() -> c.intOption("parts", 1, 1, 10)).hasMessageContaining("whole number");
        assertThat(c.durationOption("timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
        assertThat(((StorageException) org.assertj.core.api.Assertions.catchThrowable(
                () -> c.requireOption("endpoint", "the server URL"))).code()).isEqualTo(ErrorCode.MISCONFIGURED);
    }

    @Test
    void timeoutsMustBePositiveBecauseZeroMeansForeverToMostClients() {
        StoreConfig c = StoreConfig.parse("s3://b?zero=0s&negative=-PT1S&fine=500ms");
        assertThat(c.positiveDurationOption("fine", Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(500));
        assertThat(c.positiveDurationOption("absent", Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> c.positiveDurationOption("zero", Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
                    assertThat(e.getMessage()).contains("'zero'", "positive", "was '0s'");
                });
        // no duration is negative to begin with
        assertThatThrownBy(() -> c.positiveDurationOption("negative", Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
                    assertThat(e.getMessage()).contains("'negative'");
                });
    }

    @Test
    void partSizeIsASizeOnEveryDriverAndOlderNamesAreStillRead() {
        long mib = 1024 * 1024;
        assertThat(StoreConfig.parse("s3://b?partSize=16MiB").partSizeOption("partSizeMiB", mib, 8 * mib, 5 * mib,
                2047 * mib)).isEqualTo(16 * mib);
        assertThat(StoreConfig.parse("s3://b?partSize=6m").partSizeOption("partSizeMiB", mib, 8 * mib, 5 * mib,
                2047 * mib)).isEqualTo(6 * mib);
        assertThat(StoreConfig.parse("s3://b?partSize=5242880").partSizeOption("partSizeMiB", mib, 8 * mib, 5 * mib,
                2047 * mib)).isEqualTo(5 * mib);
        assertThat(StoreConfig.parse("s3://b?partSizeMiB=12").partSizeOption("partSizeMiB", mib, 8 * mib, 5 * mib,
                2047 * mib)).isEqualTo(12 * mib);
        assertThat(StoreConfig.parse("s3://b").partSizeOption("partSizeMiB", mib, 8 * mib, 5 * mib, 2047 * mib))
                .isEqualTo(8 * mib);
    }

    @Test
    void partSizeRefusesBothNamesBadUnitsAndSizesOutOfRangeByName() {
        long mib = 1024 * 1024;
        assertThatThrownBy(() -> StoreConfig.parse("s3://b?partSize=8MiB&partSizeMiB=8").partSizeOption("partSizeMiB",
                mib, 8 * mib, 5 * mib, 2047 * mib)).isInstanceOf(StorageException.class)
                .hasMessageContaining("either partSize or partSizeMiB");
        assertThatThrownBy(() -> StoreConfig.parse("s3://b?partSize=8parsecs").partSizeOption(null, 1, 8 * mib,
                5 * mib, 2047 * mib)).isInstanceOf(StorageException.class)
                .hasMessageContaining("'partSize' must be a size such as 8MiB");
        assertThatThrownBy(() -> StoreConfig.parse("s3://b?partSize=1MiB").partSizeOption(null, 1, 8 * mib,
                5 * mib, 2047 * mib)).isInstanceOf(StorageException.class)
                .hasMessageContaining("between 5MiB and 2047MiB, was 1MiB");
    }

    @Test
    void requestTimeoutIsReadUnderItsOlderNameButNotBoth() {
        assertThat(StoreConfig.parse("oss://b?socketTimeout=7s").positiveDurationOption("requestTimeout",
                "socketTimeout", Duration.ofSeconds(50))).isEqualTo(Duration.ofSeconds(7));
        assertThat(StoreConfig.parse("oss://b?requestTimeout=9s").positiveDurationOption("requestTimeout",
                "socketTimeout", Duration.ofSeconds(50))).isEqualTo(Duration.ofSeconds(9));
        assertThatThrownBy(() -> StoreConfig.parse("oss://b?requestTimeout=9s&socketTimeout=7s")
                .positiveDurationOption("requestTimeout", "socketTimeout", Duration.ofSeconds(50)))
                .hasMessageContaining("either requestTimeout or socketTimeout");
    }
}
