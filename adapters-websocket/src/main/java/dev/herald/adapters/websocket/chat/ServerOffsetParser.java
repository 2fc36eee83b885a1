package dev.herald.adapters.websocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.domain.Offset;
import java.util.regex.Pattern;

/**
 * Reads the client's cursor, {@code auth.serverOffset}: a non-negative integer, or such a number as a string (the
 * Java client sends every auth value as a string); missing or {@code null} means 0, the start. Anything else is
 * refused, never guessed (CORRECTNESS.md 13).
 */
final class ServerOffsetParser {

    private static final Pattern DIGITS = Pattern.compile("0|[1-9][0-9]{0,17}");

    /** The parse result: an offset, or a reason to refuse the client. */
    sealed interface Result {
        record Valid(Offset offset) implements Result {}

        record Invalid(String reason) implements Result {}
    }

    private ServerOffsetParser() {
    }

    static Result parse(JsonNode auth) {
        JsonNode value = auth == null ? null : auth.get("serverOffset");
        if (value == null || value.isNull() || value.isMissingNode()) {
            return new Result.Valid(Offset.ZERO);
        }
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong() || value.longValue() < 0) {
                return invalid(value);
            }
            return new Result.Valid(Offset.of(value.longValue()));
        }
        if (value.isFloatingPointNumber()) {
            double number = value.doubleValue();
            if (number >= 0 && number <= 1e15 && number == Math.rint(number)) {
                return new Result.Valid(Offset.of((long) number));
            }
            return invalid(value);
        }
        if (value.isTextual() && DIGITS.matcher(value.textValue()).matches()) {
            return new Result.Valid(Offset.of(Long.parseLong(value.textValue())));
        }
        return invalid(value);
    }

    private static Result invalid(JsonNode value) {
        String shown = value.toString();
        if (shown.length() > 40) {
            shown = shown.substring(0, 40) + "...";
        }
        return new Result.Invalid("auth.serverOffset must be a non-negative integer or a string of digits, got "
                + shown);
    }
}
