package io.vouch.loadtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads simulated users from a CSV file, one {@code user,password[,realm]} per line. Also reads SIPp injection
 * files ({@code ;} separators, a first line {@code SEQUENTIAL}, {@code RANDOM} or {@code USER}), so one file
 * can drive both tools. Blank lines and lines starting with {@code #} are skipped.
 */
public final class UserFile {

    /** The outcome of reading a user file: the users, or why the file is unusable. */
    public sealed interface Result permits Loaded, Invalid {
    }

    public record Loaded(List<SipUser> users) implements Result {
        public Loaded {
            users = List.copyOf(users);
        }
    }

    public record Invalid(String reason) implements Result {
    }

    private UserFile() {
    }

    public static Result read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Invalid("cannot read " + file + ": " + e.getMessage());
        }
        return parse(lines, file.toString());
    }

    public static Result parse(List<String> lines, String source) {
        List<SipUser> users = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (users.isEmpty() && (line.equals("SEQUENTIAL") || line.equals("RANDOM") || line.equals("USER"))) {
                continue;
            }
            String[] fields = line.split(line.indexOf(';') >= 0 ? ";" : ",", -1);
            if (fields.length < 2 || fields.length > 3 || fields[0].isBlank()) {
                return new Invalid(source + " line " + (i + 1) + ": expected user,password[,realm]");
            }
            Optional<String> realm = fields.length == 3 && !fields[2].isBlank()
                    ? Optional.of(fields[2].strip()) : Optional.empty();
            users.add(new SipUser(fields[0].strip(), fields[1], realm));
        }
        if (users.isEmpty()) {
            return new Invalid(source + ": no users");
        }
        return new Loaded(users);
    }
}
