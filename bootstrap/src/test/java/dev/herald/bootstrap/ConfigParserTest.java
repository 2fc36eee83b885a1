package dev.herald.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigParserTest {

    @Test
    void defaultsDescribeTheTutorialServerOnPort3000WithFullDurability() {
        HeraldConfig config = ConfigParser.parse(List.of(), Map.of());

        assertEquals(3000, config.port());
        assertEquals(Path.of("chat.db"), config.database());
        assertEquals(HeraldConfig.Durability.FULL, config.durability());
        assertEquals(List.of(), config.allowedOrigins(), "any origin");
        assertEquals(Duration.ofSeconds(25), config.pingInterval());
        assertEquals(Duration.ofSeconds(20), config.pingTimeout());
        assertEquals(1_000_000, config.maxPayloadBytes());
        assertEquals(Duration.ofMinutes(2), config.recoveryWindow());
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverDefaults() {
        HeraldConfig config = ConfigParser.parse(List.of("--port", "4000", "--db=/tmp/x.db"),
                Map.of("HERALD_PORT", "5000", "HERALD_DURABILITY", "normal", "HERALD_DB", "env.db"));

        assertEquals(4000, config.port());
        assertEquals(Path.of("/tmp/x.db"), config.database());
        assertEquals(HeraldConfig.Durability.NORMAL, config.durability());
    }

    @Test
    void originsAreAListOfSchemeHostAndPort() {
        HeraldConfig config = ConfigParser.parse(
                List.of("--allowed-origins", "https://chat.example.com, http://localhost:3000"), Map.of());

        assertEquals(List.of("https://chat.example.com", "http://localhost:3000"), config.allowedOrigins());
    }

    @Test
    void anInvalidValueIsRefusedNamingTheSettingAndWhatItAllows() {
        ConfigParser.ConfigException error = assertThrows(ConfigParser.ConfigException.class,
                () -> ConfigParser.parse(List.of("--port", "70000"), Map.of()));
        assertEquals("invalid value '70000' for --port (HERALD_PORT): allowed 0-65535 (0 picks a free port)", error.getMessage());

        error = assertThrows(ConfigParser.ConfigException.class,
                () -> ConfigParser.parse(List.of(), Map.of("HERALD_DURABILITY", "sometimes")));
        assertTrue(error.getMessage().contains("--durability") && error.getMessage().contains("full | normal"),
                error.getMessage());

        error = assertThrows(ConfigParser.ConfigException.class,
                () -> ConfigParser.parse(List.of("--allowed-origins", "evil"), Map.of()));
        assertTrue(error.getMessage().contains("'evil'"), error.getMessage());
    }

    @Test
    void unknownFlagsAndMissingValuesAreRefused() {
        assertTrue(assertThrows(ConfigParser.ConfigException.class,
                () -> ConfigParser.parse(List.of("--prot", "1"), Map.of())).getMessage().contains("unknown setting --prot"));
        assertTrue(assertThrows(ConfigParser.ConfigException.class,
                () -> ConfigParser.parse(List.of("--port"), Map.of())).getMessage().contains("--port needs a value"));
        assertTrue(assertThrows(ConfigParser.ConfigException.class,
                () -> ConfigParser.parse(List.of("stray"), Map.of())).getMessage().contains("unexpected argument"));
    }

    @Test
    void theManagementPortMustDifferFromThePort() {
        assertTrue(assertThrows(ConfigParser.ConfigException.class,
                () -> ConfigParser.parse(List.of("--port", "3000", "--management-port", "3000"), Map.of()))
                .getMessage().contains("management-port"));
    }

    @Test
    void aReplayPageMustFitInHalfTheOutboundBuffer() {
        assertTrue(assertThrows(ConfigParser.ConfigException.class,
                () -> ConfigParser.parse(List.of("--replay-page-size", "600", "--outbound-limit", "1000"), Map.of()))
                .getMessage().contains("replay-page-size (600) must be at most half of outbound-limit (1000)"));
    }

    @Test
    void helpListsEverySettingWithItsEnvironmentVariableAndDefault() {
        String help = ConfigParser.help();
        for (ConfigParser.Setting setting : ConfigParser.SETTINGS) {
            assertTrue(help.contains(setting.flag()) && help.contains(setting.environmentVariable()),
                    setting.name() + " is in --help");
        }
    }
}
