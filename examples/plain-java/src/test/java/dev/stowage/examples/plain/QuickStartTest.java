package dev.stowage.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickStartTest {
    @TempDir
    Path dir;

    @Test
    void theProgramWritesReadsListsAndMapsPublicUrls() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        QuickStart.run(dir.toUri() + "?publicUrlBase=https://cdn.example.com/files/",
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out).contains("put notes/hello.txt (14 bytes", "get notes/hello.txt: Hello, Stowage",
                "public URL https://cdn.example.com/files/notes/hello.txt", "stat notes/missing.txt: NOT_FOUND");
        assertThat(out.lines().filter(l -> l.startsWith("list "))).hasSize(2);
        assertThat(dir.resolve("notes/hello.txt")).hasContent("Hello, Stowage");
    }
}
