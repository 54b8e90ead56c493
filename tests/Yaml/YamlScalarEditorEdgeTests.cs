using Build.Tests.Support;
using Build.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Build.Tests.Yaml;

/// <summary>The edges of in-place editing: files, empty streams, empty values, flow collections and messages.</summary>
public sealed class YamlScalarEditorEdgeTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Test]
    public void A_file_without_a_byte_order_mark_is_edited_and_gets_none()
    {
        using var directory = new TempDirectory();
        var file = directory.Write("values.yaml", "image:\n  digest: \"\"\n");

        var changed = YamlScalarEditor.SetManyInFile(file, [(["image", "digest"], Digest)]);

        Assert.That(changed, Is.True);
        Assert.That(File.ReadAllBytes(file), Is.EqualTo(System.Text.Encoding.UTF8.GetBytes($"image:\n  digest: \"{Digest}\"\n")));
    }

    [Test]
    public void A_file_that_is_not_UTF8_is_refused_naming_it_and_left_as_it_was()
    {
        using var directory = new TempDirectory();
        var file = directory.Combine("values.yaml");
        byte[] latin1 = [.. System.Text.Encoding.ASCII.GetBytes("name: caf"), 0xE9, .. System.Text.Encoding.ASCII.GetBytes("\ndigest: \"\"\n")];
        File.WriteAllBytes(file, latin1);

        var error = Assert.Throws<YamlEditException>(() => YamlScalarEditor.SetManyInFile(file, [(["digest"], Digest)]));

        Assert.That(error.Message, Does.Contain(file).And.Contain("is not UTF-8 text"));
        Assert.That(File.ReadAllBytes(file), Is.EqualTo(latin1));
    }

    [Test]
    public void Setting_a_value_in_an_empty_text_says_it_has_no_document()
    {
        var error = Assert.Throws<YamlEditException>(() => YamlScalarEditor.Set("", ["image", "digest"], Digest, "values.yaml"));

        Assert.That(error.Message, Does.StartWith("values.yaml has no document, so it has no key image.digest"));
    }

    [Test]
    public void Reading_a_sequence_as_a_value_is_refused_naming_the_path_and_what_is_there()
    {
        var error = Assert.Throws<YamlEditException>(() => YamlScalarEditor.Get("args:\n  - a\n", ["args"], "values.yaml"));

        Assert.That(error.Message, Does.StartWith("values.yaml: args is a sequence, not a single value"));
    }

    [Test]
    public void Setting_the_document_root_is_refused_naming_the_root()
    {
        var error = Assert.Throws<YamlEditException>(() => YamlScalarEditor.Set("image: a\n", [], "b", "values.yaml"));

        Assert.That(error.Message, Does.StartWith("values.yaml: (the document root) (line 1) is a mapping"));
    }

    [Test]
    public void A_document_views_key_holding_a_mapping_reads_as_no_value()
    {
        var document = YamlScalarEditor.Documents("metadata:\n  name: a\n")[0];

        Assert.That(document.Get("metadata"), Is.Null);
        Assert.That(document.Get("metadata", "name"), Is.EqualTo("a"));
    }

    [Test]
    public void An_empty_sequence_item_is_refused_because_it_has_no_place_to_write_to()
    {
        var error = Assert.Throws<YamlEditException>(() => YamlScalarEditor.Set("args:\n  -\n  - b\n", ["args", "0"], "a", "values.yaml"));

        Assert.That(error.Message, Does.Contain("args[0] (line 2) is an empty item"));
    }

    [TestCase("? address\n")]
    [TestCase("? address")]
    public void An_explicit_key_without_a_colon_is_refused_rather_than_written_in_the_wrong_place(string yaml)
    {
        var error = Assert.Throws<YamlEditException>(() => YamlScalarEditor.Set(yaml, ["address"], "10.0.0.1", "values.yaml"));

        Assert.That(error.Message, Does.Contain("address (line 1) is an empty item"));
    }

    [TestCase("address :\n", "address : 10.0.0.1\n")]
    [TestCase("address \t:\nport: 1\n", "address \t: 10.0.0.1\nport: 1\n")]
    public void An_empty_value_after_spaces_before_the_colon_is_written_after_the_colon(string yaml, string expected)
    {
        var edited = YamlScalarEditor.Set(yaml, ["address"], "10.0.0.1");

        Assert.That(edited, Is.EqualTo(expected));
        Assert.That(YamlAssert.Read(edited, "address"), Is.EqualTo("10.0.0.1"));
    }

    [Test]
    public void An_empty_value_under_an_empty_key_at_the_start_of_the_text_is_set()
    {
        var edited = YamlScalarEditor.Set(":\nb: 1\n", [""], "v");

        Assert.That(edited, Is.EqualTo(": v\nb: 1\n"));
        Assert.That(YamlScalarEditor.Get(edited, [""]), Is.EqualTo("v"));
    }

    [Test]
    public void Setting_an_empty_value_twice_in_one_edit_is_refused()
    {
        var error = Assert.Throws<YamlEditException>(() => YamlScalarEditor.SetMany("address:\n", [(["address"], "a"), (["address"], "b")], "values.yaml"));

        Assert.That(error.Message, Does.Contain("address is set twice"));
    }

    [Test]
    public void Two_adjacent_values_are_both_set()
    {
        var edited = YamlScalarEditor.SetMany("a: 1\nb: 2\n", [(["b"], "4"), (["a"], "3")]);

        Assert.That(edited, Is.EqualTo("a: 3\nb: 4\n"));
    }

    [TestCase("image: {args: [a, b]}\n", new[] { "image", "args", "0" }, "inside a flow mapping ({...})")]
    [TestCase("args: [{name: a}]\n", new[] { "args", "0", "name" }, "inside a flow sequence ([...])")]
    public void A_value_inside_nested_flow_collections_names_the_outermost_one_to_rewrite(string yaml, string[] path, string reason)
    {
        var error = Assert.Throws<YamlEditException>(() => YamlScalarEditor.Set(yaml, path, "v2", "values.yaml"));

        Assert.That(error.Message, Does.Contain(reason));
    }

    [Test]
    public void An_index_equal_to_the_number_of_items_is_a_missing_key()
    {
        var error = Assert.Throws<YamlEditException>(() => YamlScalarEditor.Set("args:\n  - a\n", ["args", "1"], "b", "values.yaml"));

        Assert.That(error.Message, Does.Contain("args has 1 items, so there is no item 1"));
    }

    [Test]
    public void A_plain_value_set_to_what_it_already_is_stays_unquoted_even_where_a_new_value_would_need_quotes()
    {
        const string yaml = "image: ghcr.io/a/b:v1   # pinned by hand\n";

        Assert.That(YamlScalarEditor.Set(yaml, ["image"], "ghcr.io/a/b:v1"), Is.EqualTo(yaml));
        Assert.That(YamlScalarEditor.Set(yaml, ["image"], "ghcr.io/a/b:v2"), Is.EqualTo("image: \"ghcr.io/a/b:v2\"   # pinned by hand\n"));
    }

    [Test]
    public void Control_characters_are_written_as_YAML_escapes_that_read_back_as_the_same_text()
    {
        var escapes = new (char Character, string Escape)[]
        {
            ('\0', "\\0"), ('\a', "\\a"), ('\b', "\\b"), ('\t', "\\t"), ('\n', "\\n"), ('\v', "\\v"), ('\f', "\\f"), ('\r', "\\r"),
            ('\u001b', "\\e"), ('\u0085', "\\N"), ('\u2028', "\\L"), ('\u2029', "\\P"), ('\u0001', "\\x01"), ('\u001f', "\\x1F"), ('\u007f', "\\x7F"),
        };
        foreach (var (character, escape) in escapes)
        {
            var value = $"a{character}b";

            var edited = YamlScalarEditor.Set("name: 'x'\n", ["name"], value);

            Assert.That(edited, Is.EqualTo($"name: \"a{escape}b\"\n"), $"U+{(int)character:X4}");
            Assert.That(ReadScalar(edited), Is.EqualTo(value), $"YamlDotNet reads U+{(int)character:X4} back");
        }
    }

    [Test]
    public void A_quoted_merge_key_or_equals_sign_is_written_back_quoted()
    {
        Assert.That(YamlScalarEditor.Set("key: x\n", ["key"], "<<"), Is.EqualTo("key: \"<<\"\n"));
        Assert.That(YamlScalarEditor.Set("key: x\n", ["key"], "="), Is.EqualTo("key: \"=\"\n"));
    }

    /// <summary>The value of the only key of a one-key mapping, read by YamlDotNet's parser (its deserializer would read "a\0b" the same way).</summary>
    private static string ReadScalar(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        parser.Consume<DocumentStart>();
        parser.Consume<MappingStart>();
        parser.Consume<Scalar>();
        return parser.Consume<Scalar>().Value;
    }
}
