package dev.herald.bootstrap.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.bootstrap.ConfigParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md documents every setting the parser knows, with its flag, variable, default and range. */
class ConfigurationDocTest {

    @Test
    void everySettingIsDocumentedWithItsFlagVariableDefaultAndAllowedValues() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (ConfigParser.Setting setting : ConfigParser.SETTINGS) {
            String row = doc.lines().filter(line -> line.startsWith("| `" + setting.flag() + "` |")).findFirst()
                    .orElseThrow(() -> new AssertionError("no table row for " + setting.flag()));
            assertTrue(row.contains("`" + setting.environmentVariable() + "`"), row);
            assertTrue(row.contains("`" + setting.defaultValue() + "`"), setting.flag() + " default: " + row);
            String firstAllowed = setting.allowed().split(" ")[0];
            assertTrue(row.contains(firstAllowed), setting.flag() + " allowed values: " + row);
        }
    }
}
