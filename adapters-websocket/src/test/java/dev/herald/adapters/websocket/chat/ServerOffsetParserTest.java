package dev.herald.adapters.websocket.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.domain.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerOffsetParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{}                                  | 0",
            "{\"serverOffset\":null}             | 0",
            "{\"serverOffset\":0}                | 0",
            "{\"serverOffset\":17}               | 17",
            "{\"serverOffset\":\"17\"}           | 17",
            "{\"serverOffset\":17.0}             | 17",
            "{\"serverOffset\":9007199254740991} | 9007199254740991",
            "{\"serverOffset\":\"123456789012345678\"} | 123456789012345678",
            "{\"token\":\"x\",\"serverOffset\":3} | 3"})
    void acceptsNumbersAndDigitStringsAndMissingMeansTheStart(String auth, long expected) throws Exception {
        ServerOffsetParser.Result result = ServerOffsetParser.parse(JSON.readTree(auth));

        assertEquals(Offset.of(expected), assertInstanceOf(ServerOffsetParser.Result.Valid.class, result).offset());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"serverOffset\":-1}",
            "{\"serverOffset\":1.5}",
            "{\"serverOffset\":\"abc\"}",
            "{\"serverOffset\":\"\"}",
            "{\"serverOffset\":\"-3\"}",
            "{\"serverOffset\":\"017\"}",
            "{\"serverOffset\":\" 17\"}",
            "{\"serverOffset\":\"1e3\"}",
            "{\"serverOffset\":\"99999999999999999999\"}",
            "{\"serverOffset\":99999999999999999999}",
            "{\"serverOffset\":true}",
            "{\"serverOffset\":{\"$gt\":0}}",
            "{\"serverOffset\":[1]}",
            "{\"serverOffset\":\"1; DROP TABLE messages\"}"})
    void refusesEverythingElseAndSaysWhatItGot(String auth) throws Exception {
        JsonNode node = JSON.readTree(auth);

        ServerOffsetParser.Result result = ServerOffsetParser.parse(node);

        String reason = assertInstanceOf(ServerOffsetParser.Result.Invalid.class, result).reason();
        assertTrue(reason.startsWith("auth.serverOffset must be a non-negative integer or a string of digits, got "),
                reason);
    }
}
