package dev.stowage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resolves {@code ${env:NAME}} and {@code ${file:/path}} references in configuration values. */
final class SecretReferences {
    private static final Pattern REF = Pattern.compile("\\$\\{(env|file):([^}]*)}");

    private SecretReferences() {
    }

    static String resolve(String value, String option) {
        if (value == null || !value.contains("${")) {
            return value;
        }
        Matcher m = REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String kind = m.group(1);
            String ref = m.group(2).strip();
            String replacement;
            if (kind.equals("env")) {
                replacement = System.getenv(ref);
                if (replacement == null) {
                    throw new IllegalArgumentException("option '" + option + "' refers to ${env:" + ref
                            + "} but the environment variable " + ref + " is not set");
                }
            } else {
                try {
                    replacement = Files.readString(Path.of(ref), StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new IllegalArgumentException("option '" + option + "' refers to ${file:" + ref
                            + "} but that file cannot be read (" + e.getClass().getSimpleName() + ")", e);
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        if (out.indexOf("${") >= 0 && REF.matcher(value).results().count() == 0) {
            throw new IllegalArgumentException("option '" + option
                    + "' has a malformed reference; write ${env:NAME} or ${file:/path}");
        }
        return out.toString();
    }
}
