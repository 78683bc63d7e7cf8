package dev.stowage.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageKitDialectTest {

    @ParameterizedTest
    @ValueSource(strings = {"tr:w-300,h-200", "w-300,h-200", "?tr=w-300,h-200", "tr=w-300,h-200", "tr:w-300%2Ch-200"})
    void pathSegmentAndQueryFormsAreEquivalent(String spec) {
        assertThat(Transform.parseImageKit(spec)).isEqualTo(Transform.builder().size(300, 200).build());
    }

    @Test
    void bothDimensionsWithoutACropStrategyMeanCover() {
        assertThat(Transform.parseImageKit("tr:w-300,h-300").fit()).isEqualTo(Fit.COVER);
    }

    @ParameterizedTest
    @CsvSource({"c-maintain_ratio, COVER", "c-force, FILL", "c-at_max, INSIDE", "c-at_max_enlarge, INSIDE",
        "c-at_least, OUTSIDE", "cm-pad_resize, CONTAIN"})
    void cropStrategiesAndModesMapToFits(String param, Fit expected) {
        assertThat(Transform.parseImageKit("tr:w-300,h-300," + param).fit()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"center, CENTRE", "top, NORTH", "bottom, SOUTH", "left, WEST", "right, EAST",
        "top_left, NORTHWEST", "top_right, NORTHEAST", "bottom_left, SOUTHWEST", "bottom_right, SOUTHEAST"})
    void focusMapsToGravity(String focus, Gravity expected) {
        assertThat(Transform.parseImageKit("tr:w-10,h-10,fo-" + focus).gravity()).isEqualTo(expected);
    }

    @Test
    void qualityFormatBackgroundAndDprAreRead() {
        Transform t = Transform.parseImageKit("tr:w-100,q-65,f-jpg,bg-FF000080,dpr-2");
        assertThat(t.quality()).isEqualTo(65);
        assertThat(t.format()).isEqualTo(OutputFormat.JPEG);
        assertThat(t.background()).isEqualTo(new Rgba(255, 0, 0, 128));
        assertThat(t.targetWidth()).isEqualTo(200);
    }

    @Test
    void imageKitAndQueryDialectsShareCanonicalForms() {
        assertThat(Transform.parseImageKit("tr:w-300,h-300,c-at_max,f-jpg").canonical())
                .isEqualTo("w=300&h=300&fit=inside&f=jpeg&q=80")
                .isEqualTo(Transform.parseQuery("w=300&h=300&fit=inside&f=jpeg").canonical());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tr:w-0|w", "tr:w-0.5|w", "tr:w-iw_div_2|w", "tr:h-abc|h", "tr:q-101|q", "tr:c-extract|c",
        "tr:cm-extract|cm", "tr:cm-extract,w-10,h-10,x-5|cm", "tr:x-5,y-5|x", "tr:fo-face|fo", "tr:f-heic|f",
        "tr:bg-red|bg", "tr:dpr-auto|dpr", "tr:rt-45|rt", "tr:fl-d|fl", "tr:bl-0|bl", "tr:bl-500|bl", "tr:e-sepia|e",
        "tr:e-sharpen,e-sharpen-5|e-sharpen", "tr:pr-maybe|pr", "tr:w-100,fo-auto|fo", "tr:w|w", "tr:w-10,w-20|w", "tr:w-10,c-force,cm-pad_resize|cm", "tr:w-10:rt-90|tr"})
    void unsupportedOrMalformedParametersAreRefusedNamingTheParameter(String spec, String parameter) {
        assertThatThrownBy(() -> Transform.parseImageKit(spec))
                .isInstanceOfSatisfying(TransformException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_PARAMETER);
                    assertThat(e.parameter()).contains(parameter);
                });
    }
}
