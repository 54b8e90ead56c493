using System.Text.Json.Nodes;
using Build.Signing;

namespace Build.Tests.Signing;

/// <summary>Go encoding/json output rules (the expected strings are what Go 1.22+ prints), which cosign's signed bytes follow.</summary>
public sealed class GoJsonTests
{
    [TestCase("plain", "\"plain\"")]
    [TestCase("a<b>&c", "\"a\\u003cb\\u003e\\u0026c\"")]
    [TestCase("quote\" back\\", "\"quote\\\" back\\\\\"")]
    [TestCase("\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\"")]
    [TestCase("\u0001\u001f", "\"\\u0001\\u001f\"", TestName = "{m}(C0 controls U+0001 U+001F)")]
    [TestCase("\u2028\u2029", "\"\\u2028\\u2029\"")]
    [TestCase("é ü 🙂 \u007f", "\"é ü 🙂 \u007f\"", TestName = "{m}(non-ASCII and DEL U+007F)")]
    public void Strings_are_escaped_as_go_escapes_them(string text, string expected)
    {
        Assert.That(GoJson.Quote(text), Is.EqualTo(expected));
    }

    [Test]
    public void A_lone_surrogate_becomes_the_replacement_character()
    {
        Assert.That(GoJson.Quote("a\ud800b"), Is.EqualTo("\"a\\ufffdb\""));
    }

    [TestCase("1", "1")]
    [TestCase("1.50", "1.5")]
    [TestCase("-0.25", "-0.25")]
    [TestCase("1e3", "1000")]
    [TestCase("0.000001", "0.000001")]
    [TestCase("0.0000001", "1e-7")]
    [TestCase("1.5e-10", "1.5e-10")]
    [TestCase("123456789012345678901", "123456789012345680000")]
    [TestCase("1e21", "1e+21")]
    [TestCase("12345678901234567890123", "1.2345678901234568e+22")]
    public void Numbers_from_a_go_map_print_as_float64(string json, string expected)
    {
        Assert.That(GoJson.Value(JsonNode.Parse(json)), Is.EqualTo(expected));
    }

    [Test]
    public void Map_keys_sort_by_utf8_bytes_and_arrays_keep_their_order()
    {
        var node = JsonNode.Parse("""{"b":[3,1,2],"a":{"z":true,"y":null},"\uff5e":1,"\ud83d\ude00":2,"B":false}""");

        Assert.That(GoJson.Value(node), Is.EqualTo("{\"B\":false,\"a\":{\"y\":null,\"z\":true},\"b\":[3,1,2],\"～\":1,\"😀\":2}"));
    }
}
