package dev.stowage.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryDialectTest {

    @Test
    void emptyQueryKeepsOriginalSizeWithDefaults() {
        Transform t = Transform.parseQuery("");
        assertThat(t).isEqualTo(Transform.builder().build());
        assertThat(t.width()).isZero();
        assertThat(t.fit()).isEqualTo(Fit.COVER);
        assertThat(t.gravity()).isEqualTo(Gravity.CENTRE);
        assertThat(t.format()).isEqualTo(OutputFormat.AUTO);
        assertThat(t.quality()).isEqualTo(80);
        assertThat(t.background()).isEqualTo(Rgba.WHITE);
        assertThat(t.dpr()).isEqualTo(1);
    }

    @Test
    void shortNamesSetEveryField() {
        Transform t = Transform.parseQuery("?w=800&h=600&fit=contain&g=southwest&dpr=1.5&f=webp&q=70&bg=102030");
        assertThat(t).isEqualTo(Transform.builder().size(800, 600).fit(Fit.CONTAIN).gravity(Gravity.SOUTHWEST)
                .dpr(1.5).format(OutputFormat.WEBP).quality(70).background(new Rgba(0x10, 0x20, 0x30, 255)).build());
    }

    @Test
    void longNamesAreAliasesOfShortNames() {
        assertThat(Transform.parseQuery("width=300&height=200&format=png&quality=90&gravity=north&background=fff"))
                .isEqualTo(Transform.parseQuery("w=300&h=200&f=png&q=90&g=north&bg=ffffff"));
    }

    @ParameterizedTest
    @CsvSource({
        "fit=cover, COVER", "fit=contain, CONTAIN", "fit=fill, FILL", "fit=inside, INSIDE", "fit=outside, OUTSIDE"})
    void fitNamesMapToFits(String query, Fit expected) {
        assertThat(Transform.parseQuery(query).fit()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"centre, CENTRE", "center, CENTRE", "north, NORTH", "south, SOUTH", "east, EAST", "west, WEST",
        "northeast, NORTHEAST", "northwest, NORTHWEST", "southeast, SOUTHEAST", "southwest, SOUTHWEST"})
    void gravityNamesMapToGravities(String name, Gravity expected) {
        assertThat(Transform.parseQuery("g=" + name).gravity()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"jpeg, JPEG", "jpg, JPEG", "png, PNG", "webp, WEBP", "auto, AUTO"})
    void formatNamesMapToFormats(String name, OutputFormat expected) {
        assertThat(Transform.parseQuery("f=" + name).format()).isEqualTo(expected);
    }

    @Test
    void backgroundAcceptsShortLongAndAlphaHexWithOrWithoutHash() {
        assertThat(Transform.parseQuery("bg=%23f00").background()).isEqualTo(new Rgba(255, 0, 0, 255));
        assertThat(Transform.parseQuery("bg=00ff0080").background()).isEqualTo(new Rgba(0, 255, 0, 128));
    }

    @Test
    void dprMultipliesTheTargetSize() {
        Transform t = Transform.parseQuery("w=300&h=200&dpr=2");
        assertThat(t.targetWidth()).isEqualTo(600);
        assertThat(t.targetHeight()).isEqualTo(400);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "w=0|w", "w=abc|w", "w=-5|w", "w=16385|w", "w=1.5|w", "h=|h", "width=99999999999|width",
        "q=0|q", "q=200|q", "quality=high|quality", "dpr=0.5|dpr", "dpr=5|dpr", "dpr=1.234|dpr",
        "fit=stretch|fit", "g=middle|g", "f=gif|f", "format=heic|format", "bg=red|bg", "bg=12345|bg",
        "blur=500|blur", "blur=0.1|blur", "w|w", "crop=1,2,3|crop", "crop=0,0,0,10|crop", "rotate=45|rotate",
        "flip=x|flip", "gray=maybe|gray", "sharpen=11|sharpen", "progressive=yes|progressive", "strip=1|strip",
        "g=attention|g", "w=10&g=entropy|g"})
    void malformedOrUnknownParametersAreRefusedNamingTheParameter(String query, String parameter) {
        assertThatThrownBy(() -> Transform.parseQuery(query))
                .isInstanceOfSatisfying(TransformException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_PARAMETER);
                    assertThat(e.parameter()).contains(parameter);
                    assertThat(e.kind().httpStatus()).isEqualTo(400);
                })
                .hasMessageContaining("'" + parameter + "'");
    }

    @Test
    void repeatedParameterIsRefused() {
        assertThatThrownBy(() -> Transform.parseQuery("w=100&w=100"))
                .isInstanceOf(TransformException.class).hasMessageContaining("'w'").hasMessageContaining("more than once");
    }

    @Test
    void aliasesWithDifferentValuesAreRefusedAsContradictory() {
        assertThatThrownBy(() -> Transform.parseQuery("f=webp&format=png"))
                .isInstanceOf(TransformException.class).hasMessageContaining("'format'")
                .hasMessageContaining("contradicts f");
    }

    @Test
    void aliasesWithTheSameMeaningAreAccepted() {
        assertThat(Transform.parseQuery("f=jpg&format=jpeg").format()).isEqualTo(OutputFormat.JPEG);
    }

    @Test
    void canonicalFormMatchesTheDocumentedExample() {
        assertThat(Transform.parseQuery("q=80&fit=inside&h=300&w=300&f=jpeg").canonical())
                .isEqualTo("w=300&h=300&fit=inside&f=jpeg&q=80");
    }

    @Test
    void canonicalFormOmitsWhatDoesNotChangeTheOutput() {
        // fit and gravity matter only with both dimensions; quality not for PNG; dpr not without a size
        assertThat(Transform.parseQuery("w=300&fit=contain&g=north&f=png&q=50&dpr=2").canonical())
                .isEqualTo("w=300&dpr=2&f=png");
        assertThat(Transform.parseQuery("dpr=3").canonical()).isEqualTo("f=auto&q=80");
        assertThat(Transform.parseQuery("w=10&h=10&fit=fill&g=east").canonical()).isEqualTo("w=10&h=10&fit=fill&f=auto&q=80");
    }

    @Test
    void equivalentQueriesHaveEqualCanonicalForms() {
        assertThat(Transform.parseQuery("width=300&height=300&fit=cover&format=jpg&quality=80&g=center").canonical())
                .isEqualTo(Transform.parseQuery("h=300&w=300&f=jpeg").canonical());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "w=300", "h=200&dpr=2.5", "w=300&h=300&fit=inside&f=jpeg&q=80",
        "w=640&h=480&fit=cover&g=northeast&f=webp&q=55&bg=000000", "w=50&h=60&fit=contain&g=south&f=png&bg=ff000080",
        "w=16384&h=1&fit=outside&dpr=4&f=auto&q=1"})
    void canonicalFormParsesBackToAnEquivalentTransform(String query) {
        Transform t = Transform.parseQuery(query);
        Transform back = Transform.parseQuery(t.canonical());
        assertThat(back.canonical()).isEqualTo(t.canonical());
    }

    @Test
    void builderRefusesOutOfRangeValuesWithTheUrlParameterName() {
        assertThatThrownBy(() -> Transform.builder().quality(101).build())
                .isInstanceOfSatisfying(TransformException.class, e -> assertThat(e.parameter()).contains("q"));
        assertThatThrownBy(() -> Transform.builder().dpr(4.5).build())
                .isInstanceOfSatisfying(TransformException.class, e -> assertThat(e.parameter()).contains("dpr"));
    }
}
