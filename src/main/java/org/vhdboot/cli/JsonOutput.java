package org.vhdboot.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.vhdboot.disk.DiskFormat;

import java.io.PrintWriter;

/** The {@code --json} rendering: snake_case keys, pretty printed, one document per command. */
final class JsonOutput {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module())
            // Paths as plain paths, not file: URIs; times as ISO-8601 text.
            .registerModule(new SimpleModule().addSerializer(java.nio.file.Path.class, ToStringSerializer.instance)
                    .addSerializer(Enum.class, new LowercaseEnumSerializer())
                    .addSerializer(DiskFormat.class, new FormatNameSerializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {
    }

    /** Enums as lowercase words ({@code current}, {@code dynamic}), like the command line spells them. */
    @SuppressWarnings("rawtypes")
    private static final class LowercaseEnumSerializer extends com.fasterxml.jackson.databind.ser.std.StdSerializer<Enum> {
        LowercaseEnumSerializer() {
            super(Enum.class);
        }

        @Override
        public void serialize(Enum value, com.fasterxml.jackson.core.JsonGenerator generator,
                              com.fasterxml.jackson.databind.SerializerProvider provider) throws java.io.IOException {
            generator.writeString(value.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Image formats as lowercase names ({@code vhdx}), like the enums. */
    private static final class FormatNameSerializer extends com.fasterxml.jackson.databind.ser.std.StdSerializer<DiskFormat> {
        FormatNameSerializer() {
            super(DiskFormat.class);
        }

        @Override
        public void serialize(DiskFormat value, com.fasterxml.jackson.core.JsonGenerator generator,
                              com.fasterxml.jackson.databind.SerializerProvider provider) throws java.io.IOException {
            generator.writeString(value.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    static void print(PrintWriter out, Object value) {
        try {
            out.println(MAPPER.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON: " + e.getOriginalMessage(), e);
        }
    }
}
