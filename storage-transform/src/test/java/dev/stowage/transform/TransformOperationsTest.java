package dev.stowage.transform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How both URL dialects spell crop, rotation, mirroring, effects, progressive JPEG, AVIF and smart crop. */
class TransformOperationsTest {

    @Test
    void queryDialectReadsEveryOperation() {
        Transform t = Transform.parseQuery("crop=10,20,300,200&w=100&rotate=270&flip=hv&blur=1.5&sharpen=0.8"
                + "&gray=true&progressive=1&f=jpeg");
        assertThat(t.crop()).isEqualTo(new Region(10, 20, 300, 200));
        assertThat(t.rotate()).isEqualTo(270);
        assertThat(t.flip()).isEqualTo(Flip.BOTH);
        assertThat(t.blur()).isEqualTo(1.5);
        assertThat(t.sharpen()).isEqualTo(0.8);
        assertThat(t.grayscale()).isTrue();
        assertThat(t.progressive()).isTrue();
    }

    @Test
    void imageKitDialectReadsEveryOperation() {
        Transform t = Transform.parseImageKit("tr:w-100,h-80,rt-90,fl-h_v,bl-10,e-sharpen,e-grayscale,pr-true,f-avif");
        assertThat(t.rotate()).isEqualTo(90);
        assertThat(t.flip()).isEqualTo(Flip.BOTH);
        assertThat(t.blur()).isEqualTo(5.0);
        assertThat(t.sharpen()).isEqualTo(1.0);
        assertThat(t.grayscale()).isTrue();
        assertThat(t.progressive()).isTrue();
        assertThat(t.format()).isEqualTo(OutputFormat.AVIF);
    }

    @Test
    void imageKitExtractIsARegionWithoutResizing() {
        Transform t = Transform.parseImageKit("tr:cm-extract,x-40,y-30,w-200,h-100");
        assertThat(t.crop()).isEqualTo(new Region(40, 30, 200, 100));
        assertThat(t.width()).isZero();
        assertThat(t.height()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"fo-auto, attention", "fo-center, centre"})
    void imageKitAutoFocusIsTheAttentionSmartCrop(String focus, String gravity) {
        assertThat(Transform.parseImageKit("tr:w-100,h-100," + focus).gravity().token()).isEqualTo(gravity);
    }

    @Test
    void bothDialectsShareCanonicalFormsForOperations() {
        String canonical = Transform.parseQuery("w=100&rotate=90&flip=h&gray=1&progressive=true&f=jpeg")
                .canonical();
        assertThat(canonical).isEqualTo("w=100&f=jpeg&q=80&rotate=90&flip=h&gray=1&progressive=1");
        assertThat(Transform.parseImageKit("tr:w-100,rt-90,fl-h,e-grayscale,pr-true,f-jpg").canonical())
                .isEqualTo(canonical);
        assertThat(Transform.parseQuery(canonical)).isEqualTo(Transform.parseQuery(canonical));
    }

    @Test
    void progressiveIsLeftOutOfTheCacheKeyWhereItChangesNothing() {
        assertThat(Transform.parseQuery("w=10&f=png&progressive=1").canonical()).isEqualTo("w=10&f=png");
    }

    @Test
    void autoPrefersAvifThenWebpWhenTheEngineWritesAvif() {
        String chrome = "image/avif,image/webp,image/apng,image/*,*/*;q=0.8";
        assertThat(OutputFormat.negotiate(chrome, false, true)).isEqualTo(OutputFormat.AVIF);
        assertThat(OutputFormat.negotiate("image/avif;q=0,image/webp", false, true)).isNotEqualTo(OutputFormat.AVIF);
        assertThat(OutputFormat.negotiate(chrome, true, false))
                .isIn(OutputFormat.WEBP, OutputFormat.PNG); // WebP where its encoder loads
    }
}
