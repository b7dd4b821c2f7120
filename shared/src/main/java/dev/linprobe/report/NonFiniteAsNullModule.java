package dev.linprobe.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Jackson module that writes NaN and infinite doubles as JSON {@code null}, which standard JSON
 * readers accept, and reads {@code null} back as NaN.
 */
final class NonFiniteAsNullModule extends SimpleModule {

    NonFiniteAsNullModule() {
        super("linprobe-non-finite-as-null");
        addSerializer(Double.class, new Serializer());
        addSerializer(Double.TYPE, new Serializer());
        addDeserializer(Double.class, new Deserializer());
        addDeserializer(Double.TYPE, new Deserializer());
    }

    private static final class Serializer extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            if (Double.isFinite(value)) {
                generator.writeNumber(value);
            } else {
                generator.writeNull();
            }
        }
    }

    private static final class Deserializer extends JsonDeserializer<Double> {
        @Override
        public Double deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken().isNumeric()) {
                return parser.getDoubleValue();
            }
            return (Double) context.handleUnexpectedToken(Double.class, parser);
        }

        @Override
        public Double getNullValue(DeserializationContext context) {
            return Double.NaN;
        }
    }
}
