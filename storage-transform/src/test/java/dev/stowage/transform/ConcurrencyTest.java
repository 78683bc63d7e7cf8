package dev.stowage.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

    @Test
    void oneTransformerServesManyThreadsWithTheSameResultsAsOne() throws Exception {
        ImageTransformer shared = new ImageTransformer(TransformLimits.DEFAULTS);
        byte[] jpeg = TestImages.jpeg(TestImages.photoLike(600, 400, 12), 0.9f);
        byte[] png = TestImages.png(TestImages.quadrants(300, 200));
        String[] queries = {"w=100&f=jpeg", "w=80&h=80&fit=cover&g=north&f=png", "h=50&f=webp",
            "w=120&h=60&fit=contain&bg=000&f=png"};
        List<byte[]> expected = new ArrayList<>();
        for (int i = 0; i < queries.length; i++) {
            expected.add(TestImages.transform(shared, i % 2 == 0 ? jpeg : png, Transform.parseQuery(queries[i])));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int n = 0; n < 24; n++) {
                int i = n % queries.length;
                results.add(pool.submit(() -> java.util.Arrays.equals(expected.get(i),
                        TestImages.transform(shared, i % 2 == 0 ? jpeg : png, Transform.parseQuery(queries[i])))));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
